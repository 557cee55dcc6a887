// ReadInChild: the parent's side of reading a document in a child process.
// Starts options.reader_exe with argv {exe, "__read-document", "--limits",
// <limits as JSON>} under RLIMIT_CPU (cpu_seconds), RLIMIT_AS
// (address_space_bytes; not in sanitizer builds, whose shadow memory needs
// terabytes of address space), RLIMIT_FSIZE 0, RLIMIT_CORE 0 and a small
// RLIMIT_NOFILE, with every descriptor but its three pipes closed. The bytes
// go in on stdin while stdout (at most 64 MiB) and stderr (its tail) are read
// with poll(), so neither side can block the other; past wall_seconds the
// child is killed. The child is always reaped before returning.
//
// Outcomes: the child's own answer (wire.h) when it exits 0; otherwise a
// ReadFailure: kLimit "reader: CPU time over N s" / "reader: no answer
// within N s"; kCrashed "reader: killed by signal 11 (SIGSEGV)"; kBroken for
// a nonzero exit (with the last line of its stderr), a malformed or
// oversized answer, or a child that cannot be started.
//
// Thread-safe. At most options.concurrent_readers children run at once in
// the process; callers beyond that wait their turn. SIGPIPE is blocked in the
// calling thread while it writes, so a child dying early cannot kill the parent.
#pragma once

#include <string_view>

#include "documents/read_failure.h"
#include "documents/report_reader.h"

namespace nianbao::documents {

Extraction ReadInChild(std::string_view bytes, const ReaderOptions& options);

// "SIGSEGV" for 11, … ; "signal N" for one without a name here.
const char* SignalName(int signal);

}  // namespace nianbao::documents
