// Sanitizer defaults baked into every fuzz target (ASAN_OPTIONS still
// overrides them). Why: the readers allocate many short-lived strings and
// vectors per input; ASan's 256 MB quarantine made RSS climb for minutes and
// every fresh page cost a fault, and filling each new block's first 4 KB was
// a large share of an execution. A 32 MB quarantine still catches a
// use-after-free of anything freed within the same input.
extern "C" const char* __asan_default_options() {
  return "quarantine_size_mb=32:max_malloc_fill_size=0:malloc_context_size=8:detect_leaks=1";
}
