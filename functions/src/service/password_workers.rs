//! Password hashes and checks (Argon2id: CPU-heavy, 19 MiB each) off the
//! async executor, on a fixed set of threads.
//!
//! A fixed set, not tokio's blocking pool: each password thread keeps its
//! 19 MiB of Argon2 memory and reuses it
//! (`twofold_auth::password::keep_memory_on_this_thread`), so `n` threads
//! hold exactly `n` of them, allocated once. Hashes spread over the blocking
//! pool's hundreds of threads, each allocating and freeing, left the
//! allocator holding hundreds (measured: 500 concurrent sign-ins held 7 GiB
//! with one thread per hash, 0.5 GiB with two permits over the blocking
//! pool, 241 MiB after 64 sign-ins on two password threads that allocated
//! per hash, 89 MiB reusing it; docs/PERFORMANCE.md). Work beyond `n` waits
//! in the queue; checks beyond the queue's bound are refused (503 with
//! `Retry-After`) rather than held without end.

use std::sync::{
    atomic::{AtomicU64, AtomicUsize, Ordering},
    mpsc, Arc, Mutex,
};

use super::ServiceError;

type Job = Box<dyn FnOnce() + Send>;

/// The password threads and their queue.
pub(crate) struct PasswordWorkers {
    jobs: mpsc::Sender<Job>,
    /// Password checks admitted at once: twice the threads, so the next
    /// checks' store reads overlap the current hashes. The rest wait before
    /// their first store call, holding nothing but their request: 500
    /// concurrent sign-ins otherwise each held store connections while
    /// queued for a thread (143 MiB, 3,800 sockets at the peak).
    admission: tokio::sync::Semaphore,
    /// Checks waiting for admission now, and the most that may.
    waiting: AtomicUsize,
    max_waiting: usize,
    running: Arc<AtomicU64>,
    peak: Arc<AtomicU64>,
    /// Hashes and checks asked for since the start, and of those, the
    /// ones not finished (queued or running).
    requested: AtomicU64,
    pending: Arc<AtomicU64>,
}

impl std::fmt::Debug for PasswordWorkers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordWorkers")
            .field("peak", &self.peak.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

impl PasswordWorkers {
    /// Seconds a check refused for a full queue is told to wait.
    const RETRY_AFTER: u64 = 2;

    /// `threads` threads (at least one), which end when the workers are
    /// dropped; at most `max_waiting` checks wait for admission.
    pub(crate) fn start(threads: usize, max_waiting: usize) -> Self {
        let (jobs, queue) = mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        for index in 0..threads.max(1) {
            let queue = queue.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("password-{index}"))
                .spawn(move || {
                    twofold_auth::password::keep_memory_on_this_thread();
                    loop {
                        // The lock is held only to take the next job.
                        let next = match queue.lock() {
                            Ok(queue) => queue.recv(),
                            Err(_) => return,
                        };
                        match next {
                            Ok(job) => job(),
                            Err(_) => return,
                        }
                    }
                });
            if let Err(error) = spawned {
                tracing::error!("could not start a password thread: {error}");
            }
        }
        PasswordWorkers {
            jobs,
            admission: tokio::sync::Semaphore::new(threads.max(1) * 2),
            waiting: AtomicUsize::new(0),
            max_waiting,
            running: Arc::new(AtomicU64::new(0)),
            peak: Arc::new(AtomicU64::new(0)),
            requested: AtomicU64::new(0),
            pending: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Runs `work` on a password thread and waits for it without blocking
    /// the executor.
    pub(crate) async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, ServiceError> {
        let (answer, answered) = tokio::sync::oneshot::channel();
        let (running, peak) = (self.running.clone(), self.peak.clone());
        self.requested.fetch_add(1, Ordering::SeqCst);
        self.pending.fetch_add(1, Ordering::SeqCst);
        let pending = Finished(self.pending.clone());
        let job: Job = Box::new(move || {
            let now = running.fetch_add(1, Ordering::SeqCst) + 1;
            peak.fetch_max(now, Ordering::SeqCst);
            let result = work();
            running.fetch_sub(1, Ordering::SeqCst);
            // No longer pending before anyone can act on the answer.
            drop(pending);
            let _ = answer.send(result);
        });
        self.jobs
            .send(job)
            .map_err(|_| ServiceError::internal(anyhow::anyhow!("the password threads ended")))?;
        answered
            .await
            .map_err(|_| ServiceError::internal(anyhow::anyhow!("a password thread failed")))
    }

    /// Waits for a place among the password checks in progress (store
    /// reads, the hash, store writes); held until the permit is dropped.
    /// When `max_waiting` checks already wait, refuses at once: the service
    /// is busy (503 with `Retry-After`).
    pub(crate) async fn admit(
        &self,
    ) -> Result<Option<tokio::sync::SemaphorePermit<'_>>, ServiceError> {
        if let Ok(permit) = self.admission.try_acquire() {
            return Ok(Some(permit));
        }
        let queued = self.waiting.fetch_add(1, Ordering::SeqCst);
        let _leave = Leave(&self.waiting);
        if queued >= self.max_waiting {
            return Err(ServiceError::Unavailable {
                retry_after: Self::RETRY_AFTER,
            });
        }
        // The semaphore is never closed; without a permit the check runs
        // unbounded rather than not at all.
        Ok(self.admission.acquire().await.ok())
    }

    /// The most hashes and checks that ever ran at once.
    pub(crate) fn peak(&self) -> u64 {
        self.peak.load(Ordering::SeqCst)
    }

    /// The hashes and checks asked for since the start.
    pub(crate) fn requested(&self) -> u64 {
        self.requested.load(Ordering::SeqCst)
    }

    /// The hashes and checks asked for and not finished: queued or running.
    pub(crate) fn pending(&self) -> u64 {
        self.pending.load(Ordering::SeqCst)
    }
}

/// Counts a waiting check out of the queue when it leaves it, however it
/// leaves (admitted, refused, or its request dropped).
struct Leave<'a>(&'a AtomicUsize);

impl Drop for Leave<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Counts a hash or check out of the pending ones when its job ends, run or
/// dropped unrun (the threads ended).
struct Finished(Arc<AtomicU64>);

impl Drop for Finished {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}
