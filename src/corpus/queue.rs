//! Work spread over threads, results handed back in input order.
//!
//! Workers take the next item from a shared iterator, so a slow document never holds up
//! the others; the caller's sink gets the results one by one in the order the items came
//! in, as soon as each is next. At most `window` items are taken but not yet handed on,
//! whatever the length of the input: memory stays bounded on an endless stream, and a
//! one-thread run is the same computation in the same order.

use std::collections::BTreeMap;
use std::sync::{mpsc, Condvar, Mutex};

/// Runs `work` on every item of `items` on `threads` threads and passes each result to
/// `sink` in input order. With one thread everything runs on the caller's.
pub fn for_each_ordered<I, R, W, S>(items: I, threads: usize, window: usize, work: W, mut sink: S)
where
    I: Iterator + Send,
    I::Item: Send,
    R: Send,
    W: Fn(I::Item) -> R + Sync,
    S: FnMut(R),
{
    if threads <= 1 {
        for item in items {
            sink(work(item));
        }
        return;
    }
    let window = window.max(threads);
    let source = Mutex::new(items.enumerate());
    // Permits for items taken and not yet handed to the sink.
    let permits = (Mutex::new(window), Condvar::new());
    let acquire = || {
        let mut free = permits.0.lock().unwrap_or_else(|e| e.into_inner());
        while *free == 0 {
            free = permits.1.wait(free).unwrap_or_else(|e| e.into_inner());
        }
        *free -= 1;
    };
    let release = || {
        *permits.0.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        permits.1.notify_one();
    };
    let (done, results) = mpsc::channel::<(usize, R)>();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let done = done.clone();
            let (source, work) = (&source, &work);
            let (acquire, release) = (&acquire, &release);
            scope.spawn(move || loop {
                acquire();
                let next = source.lock().unwrap_or_else(|e| e.into_inner()).next();
                let Some((seq, item)) = next else {
                    release();
                    break;
                };
                if done.send((seq, work(item))).is_err() {
                    break;
                }
            });
        }
        drop(done);
        let mut pending = BTreeMap::new();
        let mut next = 0;
        for (seq, result) in results {
            pending.insert(seq, result);
            while let Some(result) = pending.remove(&next) {
                sink(result);
                next += 1;
                release();
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_input_order_whatever_the_threads() {
        for threads in [1, 2, 3, 8] {
            let mut got = Vec::new();
            // Earlier items take longer, so on several threads later ones finish first.
            for_each_ordered(
                0..40u64,
                threads,
                4,
                |i| {
                    std::thread::sleep(std::time::Duration::from_micros((40 - i) * 50));
                    i * i
                },
                |r| got.push(r),
            );
            let want: Vec<u64> = (0..40).map(|i| i * i).collect();
            assert_eq!(got, want, "{threads} threads");
        }
    }

    #[test]
    fn no_more_than_the_window_is_in_flight() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let taken = AtomicUsize::new(0);
        let items = (0..200).inspect(|_| {
            taken.fetch_add(1, Ordering::SeqCst);
        });
        let mut handed = 0;
        let mut worst = 0;
        for_each_ordered(
            items,
            2,
            6,
            |i| i,
            |_| {
                handed += 1;
                worst = worst.max(taken.load(Ordering::SeqCst) - handed);
            },
        );
        assert_eq!(handed, 200);
        assert!(worst <= 6, "{worst} items in flight");
    }
}
