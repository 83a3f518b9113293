//! Batches on every core (`tok sign --subs-from`, `tok verify --each`): a reader thread, N
//! workers and the calling thread writing the answers in input order.
//!
//! Streams stay streams: the reader hands over whatever is already read (up to `CHUNK` items)
//! and never waits to fill a chunk, and the writer is told when an answer was the last one
//! before the input ran dry, so it can flush. Memory stays bounded on endless input: at most
//! `WINDOW_PER_JOB` chunks a worker are read and not yet written (the reader waits for a
//! credit the writer returns with each chunk written), so the reorder buffer is bounded too.

use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::sync::mpsc::{self, Receiver, Sender, SyncSender};
use std::sync::{Mutex, PoisonError};

/// Items answered on the calling thread before workers start: a few tokens are answered
/// sooner without threads, and `tok verify --each` of one line stays a one-thread process.
pub const SERIAL_ITEMS: usize = 32;
/// Most items a worker takes at once (only items already read: never waited for).
const CHUNK: usize = 64;
/// Chunks read and not yet written, per worker: enough (512 lines) that when one worker is
/// descheduled for a time slice the others need not wait for it.
const WINDOW_PER_JOB: usize = 8;

/// An input item, and whether no more input was waiting once it was read: the answers so far
/// are then flushed, so `tail -f … | tok …` sees each answer before the next line comes.
pub struct Next<T> {
    pub item: T,
    pub idle: bool,
}

/// `--jobs`: the number given, or one a core.
pub fn jobs(flag: Option<usize>) -> Result<usize> {
    match flag {
        Some(0) => Err(Error::local("--jobs must be at least 1 (the number of threads to use)")),
        Some(n) => Ok(n),
        None => Ok(std::thread::available_parallelism().map_or(1, NonZeroUsize::get)),
    }
}

/// Every item of `input` through a worker made by `worker`, the answers passed to `write` in
/// input order with their `idle` flag. With `jobs` 1, or for the first `SERIAL_ITEMS` items,
/// all on the calling thread. The first error `write` returns ends the batch (the reader
/// thread may still be waiting on input; it ends with the process).
pub fn run<T, O, E, W, F>(
    jobs: usize,
    mut input: impl Iterator<Item = Next<T>> + Send + 'static,
    worker: F,
    mut write: impl FnMut(O, bool) -> std::result::Result<(), E>,
) -> std::result::Result<(), E>
where
    T: Send + 'static,
    O: Send + 'static,
    F: Fn() -> W + Sync,
    W: FnMut(T) -> O,
{
    let mut work = worker();
    let mut answered = 0;
    while jobs <= 1 || answered < SERIAL_ITEMS {
        let Some(Next { item, idle }) = input.next() else { return Ok(()) };
        write(work(item), idle)?;
        answered += 1;
    }
    drop(work);
    parallel(jobs, input, &worker, &mut write)
}

enum Msg<T, O> {
    /// A chunk read, numbered in input order; whether the input then ran dry.
    Read(u64, Vec<T>, bool),
    /// A chunk's answers.
    Done(u64, Vec<O>, bool),
    /// The input ended after this many chunks.
    End(u64),
}

fn parallel<T, O, E, W, F>(
    jobs: usize,
    input: impl Iterator<Item = Next<T>> + Send + 'static,
    worker: &F,
    write: &mut impl FnMut(O, bool) -> std::result::Result<(), E>,
) -> std::result::Result<(), E>
where
    T: Send + 'static,
    O: Send + 'static,
    F: Fn() -> W + Sync,
    W: FnMut(T) -> O,
{
    let window = jobs * WINDOW_PER_JOB;
    let (to_main, from_all) = mpsc::channel::<Msg<T, O>>();
    let (credit_tx, credit_rx) = mpsc::sync_channel::<()>(window);
    for _ in 0..window {
        let _ = credit_tx.send(());
    }
    // Not scoped: it may wait on input for ever (`tail -f`), and an error writing the answers
    // (a closed pipe) must end tok at once, not when the next line comes.
    let reader_tx = to_main.clone();
    std::thread::spawn(move || read_chunks(input, credit_rx, reader_tx));
    let (work_tx, work_rx) = mpsc::channel::<(u64, Vec<T>, bool)>();
    let work_rx = Mutex::new(work_rx);
    std::thread::scope(|s| {
        for _ in 0..jobs {
            let (to_main, work_rx) = (to_main.clone(), &work_rx);
            s.spawn(move || {
                let mut work = worker();
                loop {
                    let next = work_rx.lock().unwrap_or_else(PoisonError::into_inner).recv();
                    let Ok((seq, items, idle)) = next else { break };
                    let answers = items.into_iter().map(&mut work).collect();
                    if to_main.send(Msg::Done(seq, answers, idle)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(to_main);
        // Returning drops work_tx and from_all: the workers finish what they hold and stop.
        write_in_order(from_all, work_tx, credit_tx, write)
    })
}

/// Chunks of what is already read, each once the writer has room for it.
fn read_chunks<T, O>(
    mut input: impl Iterator<Item = Next<T>>,
    credits: Receiver<()>,
    to_main: Sender<Msg<T, O>>,
) {
    let mut seq = 0;
    loop {
        if credits.recv().is_err() {
            return;
        }
        let mut items = Vec::with_capacity(CHUNK);
        let (mut idle, mut ended) = (false, false);
        while items.len() < CHUNK && !idle {
            match input.next() {
                Some(next) => {
                    idle = next.idle;
                    items.push(next.item);
                }
                None => {
                    ended = true;
                    break;
                }
            }
        }
        if !items.is_empty() {
            if to_main.send(Msg::Read(seq, items, idle)).is_err() {
                return;
            }
            seq += 1;
        }
        if ended {
            let _ = to_main.send(Msg::End(seq));
            return;
        }
    }
}

/// Hands chunks read to the workers, and writes their answers in input order.
fn write_in_order<T, O, E>(
    from_all: Receiver<Msg<T, O>>,
    work_tx: Sender<(u64, Vec<T>, bool)>,
    credits: SyncSender<()>,
    write: &mut impl FnMut(O, bool) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    let mut waiting = BTreeMap::new();
    let (mut next, mut end) = (0u64, None);
    while end != Some(next) {
        let Ok(msg) = from_all.recv() else { break };
        match msg {
            Msg::Read(seq, items, idle) => {
                let _ = work_tx.send((seq, items, idle));
            }
            Msg::Done(seq, answers, idle) => {
                waiting.insert(seq, (answers, idle));
                while let Some((answers, idle)) = waiting.remove(&next) {
                    let last = answers.len();
                    for (i, answer) in answers.into_iter().enumerate() {
                        write(answer, idle && i + 1 == last)?;
                    }
                    next += 1;
                    // Never full: credits out plus chunks in flight are the window.
                    let _ = credits.try_send(());
                }
            }
            Msg::End(total) => end = Some(total),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(n: u64, idle_every: u64) -> impl Iterator<Item = Next<u64>> + Send + 'static {
        (0..n).map(move |i| Next { item: i, idle: i % idle_every == idle_every - 1 })
    }

    #[test]
    fn answers_come_in_input_order_whatever_the_jobs() {
        for jobs in [1, 2, 3, 8] {
            let mut got = Vec::new();
            let mut flushes = 0;
            run(
                jobs,
                numbers(5000, 37),
                || {
                    |i: u64| {
                        // Uneven work, so workers finish out of order.
                        if i.is_multiple_of(7) {
                            std::thread::yield_now();
                        }
                        i * 2
                    }
                },
                |o, idle| {
                    got.push(o);
                    flushes += usize::from(idle);
                    Ok::<(), ()>(())
                },
            )
            .unwrap();
            assert_eq!(got, (0..5000).map(|i| i * 2).collect::<Vec<_>>(), "jobs {jobs}");
            assert_eq!(flushes, 5000 / 37, "jobs {jobs}: every idle point is passed on");
        }
    }

    #[test]
    fn a_write_error_ends_the_batch() {
        let mut written = 0;
        let result = run(
            4,
            numbers(100_000, 1000),
            || |i: u64| i,
            |o, _| {
                written += 1;
                if o == 500 {
                    Err(o)
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(result, Err(500));
        assert_eq!(written, 501);
    }

    #[test]
    fn jobs_zero_is_refused() {
        assert!(jobs(Some(0)).is_err());
        assert_eq!(jobs(Some(3)).unwrap(), 3);
        assert!(jobs(None).unwrap() >= 1);
    }
}
