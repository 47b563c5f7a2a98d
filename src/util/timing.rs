//! Phase timings on stderr for profiling (`KETENWIJZER_TIMINGS`).

/// With `KETENWIJZER_TIMINGS` set, phases print their time to stderr (for profiling).
pub fn phase(name: &str, start: std::time::Instant) {
    if std::env::var_os("KETENWIJZER_TIMINGS").is_some() {
        eprintln!(
            "  {name:<12} {:>7.1} ms {} at {:.0} ms",
            start.elapsed().as_secs_f64() * 1000.0,
            memory_now(),
            since_start()
        );
    }
}

static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// Marks the start of the process for the timings' "at" column (the binary calls it first).
pub fn start() {
    STARTED.get_or_init(std::time::Instant::now);
}

fn since_start() -> f64 {
    STARTED
        .get_or_init(std::time::Instant::now)
        .elapsed()
        .as_secs_f64()
        * 1000.0
}

/// With `KETENWIJZER_TIMINGS` set, a line about the build on stderr.
pub fn note(line: &str) {
    if std::env::var_os("KETENWIJZER_TIMINGS").is_some() {
        eprintln!("  {line}");
    }
}

/// Resident and peak memory so far and the CPU time of all threads (Linux), for the timings
/// printout: CPU time growing at twice the wall time means both cores were busy.
pub(crate) fn memory_now() -> String {
    // utime and stime, the 14th and 15th fields, in clock ticks (100 a second on Linux).
    let cpu_ms = std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let after = s.rsplit_once(')')?.1;
            let f: Vec<&str> = after.split_whitespace().collect();
            Some(f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?)
        })
        .map_or_else(|| "?".to_string(), |t| (t * 10).to_string());
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<u64>().ok())
            .map_or_else(|| "?".to_string(), |kb| format!("{}", kb / 1024))
    };
    format!(
        "(rss {} MB, peak {} MB, cpu {cpu_ms} ms)",
        field("VmRSS:"),
        field("VmHWM:")
    )
}
