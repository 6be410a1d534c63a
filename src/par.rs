//! Small helpers for using both cores (the target machine has two): an
//! ordered parallel map, and freeing large values off the main thread.

/// Runs `f` over `0..n` on all available cores, results in order.
pub fn parallel_map<T: Send>(n: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |p| p.get())
        .min(n.max(1));
    if threads <= 1 {
        return (0..n).map(f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut slots: Vec<Option<T>> = (0..n).map(|_| None).collect();
    let chunks: Vec<Vec<(usize, T)>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if i >= n {
                            break;
                        }
                        mine.push((i, f(i)));
                    }
                    mine
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    for (i, v) in chunks.into_iter().flatten() {
        slots[i] = Some(v);
    }
    // A worker that panicked lost its items: redo them here (never silently drop a file).
    slots
        .into_iter()
        .enumerate()
        .map(|(i, s)| s.unwrap_or_else(|| f(i)))
        .collect()
}

/// Drops a large value on a short-lived thread, so that the caller does not
/// wait for millions of frees (here, if no thread starts: the failed spawn
/// drops the closure and the value with it). At process exit the thread is
/// simply stopped.
pub fn drop_elsewhere<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new()
        .name("carto-free".into())
        .spawn(move || drop(value));
}
