// mimalloc: many small strings are made and freed on several threads; glibc's malloc spent
// ~12% of a large build and kept freed memory (perf, 10,000 pages).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(ketenwijzer::cli::run());
}
