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

/// mimalloc asks the kernel for transparent huge pages. The build touches much fresh memory
/// briefly (sources read, pages rendered, freed, purged), and each first touch of a huge page
/// zeroes 2 MB: perf showed 40% of a 10,000-page build in the kernel's `clear_page_erms`, and
/// huge pages count in full towards the peak memory. Plain 4 KB pages are zeroed as touched.
#[cfg(target_os = "linux")]
fn refuse_huge_pages() {
    // SAFETY: PR_SET_THP_DISABLE only sets a flag on this process; a failure changes nothing.
    unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0) };
}
#[cfg(not(target_os = "linux"))]
fn refuse_huge_pages() {}

/// `mi_option_purge_delay` in mimalloc v3's `mimalloc.h` (libmimalloc-sys has no name for it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// mimalloc returns freed memory to the kernel after 1 s by default. A build frees the text of
/// each page soon after rendering it; at 250 ms the peak at 30,000 pages fell from ~450 to
/// ~380 MB at the same speed (at 10 ms the kernel spends more time handing memory back).
fn return_freed_memory_sooner() {
    // SAFETY: setting an option is a store into mimalloc's option table.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 250) };
}

fn main() {
    refuse_huge_pages();
    return_freed_memory_sooner();
    ketenwijzer::util::timing::start();
    ketenwijzer::util::memory::set_release(release_freed_memory);
    std::process::exit(ketenwijzer::cli::run());
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_purge_delay_option_is_the_one_with_mimallocs_default_of_one_second() {
        // A mimalloc update that renumbers its options would make main set another option.
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            let delay = unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) };
            assert_eq!(delay, 1000);
        }
    }
}
