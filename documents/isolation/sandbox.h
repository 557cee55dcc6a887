// The reader child's seccomp sandbox: once installed, the process can read
// what it already may (its stdin, /proc/self/maps, read-only files) and write
// to the descriptors it holds (its stdout/stderr pipes), but cannot open a
// socket or connect, open a file for writing, create, rename or remove files,
// or execute a program. Denied calls fail with EACCES (ENOSYS for openat2,
// whose flags seccomp cannot see, so callers fall back to openat).
//
// Sanitizer builds keep ptrace: LeakSanitizer stops the world with it.
// Sets PR_SET_NO_NEW_PRIVS. Irreversible for the process; call once, before
// reading the document. Returns false (with errno-style text in *why) when
// the kernel refuses the filter; the caller must then not read the document.
#pragma once

#include <string>

namespace nianbao::documents {

bool InstallReaderSandbox(std::string* why);

}  // namespace nianbao::documents
