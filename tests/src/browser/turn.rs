//! One browser test at a time, except while a test only waits for the
//! clock.
//!
//! The machine has two cores: two Chromiums rendering at once starve each
//! other and their polls time out, so a browser test takes the [`Turn`]
//! before it starts its server and browser. A test that has used the three
//! codes its authenticator's clock allows waits up to 30 seconds for the
//! next step doing nothing; it hands the turn to the next test
//! for that wait and takes it back after ([`aside`]), so the suite's time is not spent
//! idle. Only one test works at any moment either way.
//!
//! Each test runs on its own thread (libtest's, with a current-thread
//! runtime), so whether a test holds the turn is a thread-local flag.

use std::cell::Cell;
use std::future::Future;

use tokio::sync::Semaphore;

/// The one permit: held by the test whose browser is working.
static TURN: Semaphore = Semaphore::const_new(1);

thread_local! {
    /// True while the test on this thread holds the permit.
    static HOLDING: Cell<bool> = const { Cell::new(false) };
}

/// The turn to work, held until dropped.
#[derive(Debug)]
pub struct Turn {
    /// Only [`Turn::take`] makes one.
    _private: (),
}

impl Turn {
    /// Waits for the turn.
    pub async fn take() -> Turn {
        assert!(
            !HOLDING.get(),
            "a test takes the turn once; a second take would wait for itself"
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
/// holding the turn gives it to the next test meanwhile and waits for it
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
    use std::time::Duration;

    use super::*;

    #[tokio::test]
    async fn a_test_waiting_aside_lets_another_work_and_works_again_after() {
        let first = Turn::take().await;
        let (worked, mut heard) = tokio::sync::mpsc::unbounded_channel();
        let other = std::thread::spawn(move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_time()
                .build()
                .expect("a runtime")
                .block_on(async {
                    let _turn = Turn::take().await;
                    worked.send(()).expect("the first test listens");
                });
        });
        // Held: the other test does not start (given time to try).
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(
            heard.try_recv().is_err(),
            "the other test worked out of turn"
        );
        // Aside until the other test has worked: it got the turn meanwhile.
        // A turn kept during the wait would leave both waiting: the limit
        // turns that into a failure.
        tokio::time::timeout(Duration::from_secs(60), aside(heard.recv()))
            .await
            .expect("the turn was not given aside")
            .expect("the other test worked");
        assert!(HOLDING.get(), "the turn is back after the wait");
        other.join().expect("the other test");
        drop(first);
        assert!(!HOLDING.get());
        assert_eq!(TURN.available_permits(), 1, "one permit, back");
    }

    #[tokio::test]
    async fn without_the_turn_a_wait_aside_is_the_wait() {
        assert_eq!(aside(async { 7 }).await, 7);
        assert!(!HOLDING.get());
    }
}
