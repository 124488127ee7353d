//! Two browser tests working at a time, and a test that only waits for
//! the clock gives its turn to another meanwhile.
//!
//! The machine has two cores. With one browser test at a time they were
//! 48% busy over the suite: a test mostly waits for pages, the server and
//! its polls. So two work at once, one per core; more would starve each
//! other's polls into timeouts. A browser test takes a
//! [`Turn`] before it starts its server and browser. A test that has used
//! the three codes its authenticator's clock allows waits up to 30 seconds
//! for the next step doing nothing; it hands its turn to the next test for
//! that wait and takes one back after ([`aside`]). `make tests` runs the
//! suite with more test threads than turns, so that a test is there to
//! take it.
//!
//! Each test runs on its own thread (libtest's, with a current-thread
//! runtime), so whether a test holds a turn is a thread-local flag.

use std::cell::Cell;
use std::future::Future;

use tokio::sync::Semaphore;

/// How many browser tests work at once.
pub const AT_ONCE: usize = 2;

/// The turns: a permit for each test whose browser is working.
static TURN: Semaphore = Semaphore::const_new(AT_ONCE);

thread_local! {
    /// True while the test on this thread holds a turn.
    static HOLDING: Cell<bool> = const { Cell::new(false) };
}

/// A turn to work, held until dropped.
#[derive(Debug)]
pub struct Turn {
    /// Only [`Turn::take`] makes one.
    _private: (),
}

impl Turn {
    /// Waits for a turn.
    pub async fn take() -> Turn {
        assert!(
            !HOLDING.get(),
            "a test takes one turn; a second would be given back with the first"
        );
        acquire().await;
        Turn { _private: () }
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        // Not held when the test was dropped while waiting aside (a
        // failure or a timeout around it): the permit is already back.
        if HOLDING.get() {
            release();
        }
    }
}

/// Runs `wait` (a wait for the clock, which needs no processor); a test
/// holding a turn gives it to the next test meanwhile and waits for one
/// again after.
pub async fn aside<T>(wait: impl Future<Output = T>) -> T {
    if !HOLDING.get() {
        return wait.await;
    }
    release();
    let waited = wait.await;
    acquire().await;
    waited
}

async fn acquire() {
    TURN.acquire()
        .await
        .expect("the turn's semaphore is never closed")
        .forget();
    HOLDING.set(true);
}

fn release() {
    HOLDING.set(false);
    TURN.add_permits(1);
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::time::Duration;

    use super::*;

    /// Runs `work` on a thread of its own, as libtest runs a test.
    fn as_another_test(
        work: impl Future<Output = ()> + Send + 'static,
    ) -> std::thread::JoinHandle<()> {
        std::thread::spawn(move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_time()
                .build()
                .expect("a runtime")
                .block_on(work);
        })
    }

    #[tokio::test]
    async fn a_test_waiting_aside_lets_another_work_and_works_again_after() {
        let first = Turn::take().await;
        // Every other turn taken by tests that keep it until told.
        let mut holders = Vec::new();
        for _ in 1..AT_ONCE {
            let (taken, was_taken) = mpsc::channel();
            let (end, ended) = tokio::sync::oneshot::channel::<()>();
            holders.push((
                end,
                as_another_test(async move {
                    let _turn = Turn::take().await;
                    taken.send(()).expect("the first test listens");
                    let _ = ended.await;
                }),
            ));
            was_taken.recv().expect("a holder took its turn");
        }
        let (worked, mut heard) = tokio::sync::mpsc::unbounded_channel();
        let other = as_another_test(async move {
            let _turn = Turn::take().await;
            worked.send(()).expect("the first test listens");
        });
        // All turns held: the other test does not start (given time to try).
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(heard.try_recv().is_err(), "a test worked out of turn");
        // Aside until the other test has worked: it got the turn meanwhile.
        // A turn kept during the wait would leave both waiting: the limit
        // turns that into a failure.
        tokio::time::timeout(Duration::from_secs(60), aside(heard.recv()))
            .await
            .expect("the turn was not given aside")
            .expect("the other test worked");
        assert!(HOLDING.get(), "a turn is back after the wait");
        other.join().expect("the other test");
        for (end, holder) in holders {
            let _ = end.send(());
            holder.join().expect("a holder");
        }
        drop(first);
        assert!(!HOLDING.get());
        assert_eq!(TURN.available_permits(), AT_ONCE, "every turn, back");
    }

    #[tokio::test]
    async fn without_a_turn_a_wait_aside_is_the_wait() {
        assert_eq!(aside(async { 7 }).await, 7);
        assert!(!HOLDING.get());
    }
}
