fn main() {
    std::process::exit(ketenwijzer::cli::run());
}
