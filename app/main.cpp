#include <curl/curl.h>

#include "app/cli/cli.h"

int main(int argc, char** argv) {
  // Once, before any thread exists (libcurl's global state is not thread-safe
  // to set up); every command may fetch or deliver.
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) return 3;
  int status = nianbao::app::RunCli(argc, argv);
  curl_global_cleanup();
  return status;
}
