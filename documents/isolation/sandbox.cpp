#include "documents/isolation/sandbox.h"

#include <fcntl.h>
#include <seccomp.h>
#include <sys/prctl.h>

#include <cerrno>
#include <cstring>
#include <memory>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define NIANBAO_SANDBOX_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define NIANBAO_SANDBOX_SANITIZER 1
#endif
#endif

namespace nianbao::documents {
namespace {

struct FilterDeleter {
  void operator()(void* ctx) const { seccomp_release(static_cast<scmp_filter_ctx>(ctx)); }
};
using Filter = std::unique_ptr<void, FilterDeleter>;

// Default allow, deny a list: the readers (MuPDF, libzip, pugixml) and the
// C++ runtime use a wide and version-dependent set of calls, while what must
// not happen (network, writing files, running programs) is a short list.
constexpr int kDenied[] = {
    SCMP_SYS(socket),     SCMP_SYS(connect),    SCMP_SYS(bind),        SCMP_SYS(listen),
    SCMP_SYS(accept),     SCMP_SYS(accept4),    SCMP_SYS(sendto),      SCMP_SYS(sendmsg),
    SCMP_SYS(sendmmsg),   SCMP_SYS(creat),      SCMP_SYS(unlink),      SCMP_SYS(unlinkat),
    SCMP_SYS(rename),     SCMP_SYS(renameat),   SCMP_SYS(renameat2),   SCMP_SYS(mkdir),
    SCMP_SYS(mkdirat),    SCMP_SYS(rmdir),      SCMP_SYS(link),        SCMP_SYS(linkat),
    SCMP_SYS(symlink),    SCMP_SYS(symlinkat),  SCMP_SYS(truncate),    SCMP_SYS(chmod),
    SCMP_SYS(fchmodat),   SCMP_SYS(chown),      SCMP_SYS(fchownat),    SCMP_SYS(lchown),
    SCMP_SYS(mknod),      SCMP_SYS(mknodat),    SCMP_SYS(execve),      SCMP_SYS(execveat),
    SCMP_SYS(process_vm_writev), SCMP_SYS(mount), SCMP_SYS(umount2),   SCMP_SYS(setxattr),
#ifndef NIANBAO_SANDBOX_SANITIZER
    SCMP_SYS(ptrace),
#endif
};

bool Add(scmp_filter_ctx ctx, int errno_value, int syscall, unsigned count, const scmp_arg_cmp* cmp) {
  return seccomp_rule_add_array(ctx, SCMP_ACT_ERRNO(errno_value), syscall, count, cmp) == 0;
}

// open(path, flags) and openat(dir, path, flags): a write access mode, or
// O_CREAT / O_TRUNC, is refused; reading stays allowed.
bool DenyWritingOpens(scmp_filter_ctx ctx, int syscall, unsigned flags_arg) {
  const scmp_arg_cmp wronly = SCMP_CMP(flags_arg, SCMP_CMP_MASKED_EQ, O_ACCMODE, O_WRONLY);
  const scmp_arg_cmp rdwr = SCMP_CMP(flags_arg, SCMP_CMP_MASKED_EQ, O_ACCMODE, O_RDWR);
  const scmp_arg_cmp create = SCMP_CMP(flags_arg, SCMP_CMP_MASKED_EQ, O_CREAT, O_CREAT);
  const scmp_arg_cmp trunc = SCMP_CMP(flags_arg, SCMP_CMP_MASKED_EQ, O_TRUNC, O_TRUNC);
  return Add(ctx, EACCES, syscall, 1, &wronly) && Add(ctx, EACCES, syscall, 1, &rdwr) &&
         Add(ctx, EACCES, syscall, 1, &create) && Add(ctx, EACCES, syscall, 1, &trunc);
}

}  // namespace

bool InstallReaderSandbox(std::string* why) {
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
    *why = std::string("PR_SET_NO_NEW_PRIVS: ") + std::strerror(errno);
    return false;
  }
  Filter ctx(seccomp_init(SCMP_ACT_ALLOW));
  if (!ctx) {
    *why = "seccomp_init failed";
    return false;
  }
  bool ok = true;
  for (int syscall : kDenied) ok = ok && Add(ctx.get(), EACCES, syscall, 0, nullptr);
  ok = ok && DenyWritingOpens(ctx.get(), SCMP_SYS(open), 1) && DenyWritingOpens(ctx.get(), SCMP_SYS(openat), 2);
  ok = ok && Add(ctx.get(), ENOSYS, SCMP_SYS(openat2), 0, nullptr);
  if (!ok) {
    *why = "seccomp_rule_add failed";
    return false;
  }
  if (int rc = seccomp_load(ctx.get()); rc != 0) {
    *why = std::string("seccomp_load: ") + std::strerror(-rc);
    return false;
  }
  return true;
}

}  // namespace nianbao::documents
