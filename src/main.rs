// mimalloc: many small strings are made and freed on several threads; glibc's malloc spent
// ~12% of a large build and kept freed memory (perf, 10,000 pages).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Each thread keeps the memory it freed for a while; the Markdown sources of a large site are
/// read by some threads and freed by others, so at 30,000 pages about 100 MB would stay with
/// the process through the search index (mimalloc's `mi_collect` is per thread).
fn release_freed_memory() {
    // SAFETY: mi_collect only walks the calling thread's own heap.
    rayon::broadcast(|_| unsafe { libmimalloc_sys::mi_collect(true) });
    unsafe { libmimalloc_sys::mi_collect(true) };
}

fn main() {
    ketenwijzer::util::timing::start();
    ketenwijzer::util::memory::set_release(release_freed_memory);
    std::process::exit(ketenwijzer::cli::run());
}
