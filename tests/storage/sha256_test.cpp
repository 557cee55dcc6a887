#include "common/sha256.h"

#include <doctest/doctest.h>

#include <string>

namespace nianbao {
namespace {

TEST_CASE("Sha256Hex matches the FIPS 180-4 test vectors") {
  CHECK(Sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(Sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // 56 bytes: the length no longer fits the first padding block.
  CHECK(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(Sha256Hex(std::string(1000000, 'a')) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("Sha256 tells one changed byte apart") {
  std::string page(4096, 'x');
  std::string changed = page;
  changed[2048] = 'y';
  CHECK(Sha256Hex(page) != Sha256Hex(changed));
  CHECK(Sha256Hex(page) == Sha256Hex(std::string(4096, 'x')));
}

}  // namespace
}  // namespace nianbao
