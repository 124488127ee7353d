//! Verify2FACode under load: rounds of racing wrong codes and the right
//! one, and the check that every count and session adds up.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use anyhow::{bail, Context};
use serde_json::json;
use tokio::{sync::Semaphore, task::JoinSet};
use twofold_api::{events::EventKind, Method, ResultCode};
use twofold_e2e::{api::unix_now, Authenticator, PASSWORD};

use super::{describe, post, result_of, Bench, Run, MAX_FAILURES, WRONG};

impl Bench {
    /// Moves the server's clock to the start of `step`, signs every account
    /// in (not timed), then times, per account, [`WRONG`] wrong codes at
    /// once and then the right one, with at most `c` requests in flight;
    /// then checks what the round wrote.
    pub(super) async fn verify_round(&self, c: usize, step: u64) -> anyhow::Result<Run> {
        let shift = (step * 30 + 1)
            .checked_sub(unix_now())
            .context("the step is in the past")?;
        if shift < self.clock.shift() {
            bail!("the clock would go back");
        }
        self.clock.set(shift);
        let mut signing_in = JoinSet::new();
        for (index, member) in self.members.iter().enumerate() {
            let (app, login) = (self.app.clone(), member.login.clone());
            signing_in.spawn(async move { (index, app.pending(&login, PASSWORD).await) });
        }
        let mut pending = vec![String::new(); self.members.len()];
        while let Some(joined) = signing_in.join_next().await {
            let (index, token) = joined.context("signing in")?;
            pending[index] = token;
        }

        eprintln!("load: Verify2FACode round at step {step}, c={c}");
        let url = format!("{}{}", self.url, Method::Verify2FACode.path());
        let permits = Arc::new(Semaphore::new(c));
        let started = Instant::now();
        let mut accounts = JoinSet::new();
        for (member, pending) in self.members.iter().zip(&pending) {
            let right = member.phone.code_at(step * 30);
            let wrong = wrong_code(&member.phone, step);
            let (http, url, permits, pending) = (
                self.http.clone(),
                url.clone(),
                permits.clone(),
                pending.clone(),
            );
            accounts.spawn(async move {
                let send = |code: String| {
                    let (http, url, permits, pending) =
                        (http.clone(), url.clone(), permits.clone(), pending.clone());
                    async move {
                        let _permit = permits.acquire_owned().await;
                        post(
                            &http,
                            &url,
                            None,
                            &json!({ "session": pending, "code": code }),
                        )
                        .await
                    }
                };
                let mut wrongs = JoinSet::new();
                for _ in 0..WRONG {
                    wrongs.spawn(send(wrong.clone()));
                }
                let mut answers = Vec::new();
                while let Some(joined) = wrongs.join_next().await {
                    answers.push(joined.map_err(|e| e.to_string()));
                }
                let right_answer = send(right).await;
                (answers, right_answer)
            });
        }
        let mut outcomes = Vec::new();
        while let Some(joined) = accounts.join_next().await {
            outcomes.push(joined.context("an account's requests")?);
        }
        let mut run = Run {
            elapsed: started.elapsed(),
            ..Run::default()
        };
        for (answers, (took, right)) in outcomes {
            let mut left = Vec::new();
            for answer in answers {
                let (took, answer) = match answer {
                    Ok(sent) => sent,
                    Err(error) => (Duration::ZERO, Err(error)),
                };
                run.latencies.push(took);
                run.requests += 1;
                match (&answer, result_of(&answer)) {
                    (Ok((_, body)), Some(code))
                        if code == u64::from(ResultCode::InvalidCode.code()) =>
                    {
                        left.push(body["attemptsLeft"].as_u64().unwrap_or(0));
                    }
                    _ => {
                        run.errors += 1;
                        run.problem(format!("a wrong code: {}", describe(&answer)));
                    }
                }
            }
            run.latencies.push(took);
            run.requests += 1;
            if result_of(&right) != Some(0) {
                run.errors += 1;
                run.problem(format!("the right code: {}", describe(&right)));
            }
            // Each failure counted once: the answers count down from one
            // below the lock, every number once.
            left.sort_unstable();
            let expected: Vec<u64> = (1..=WRONG as u64)
                .map(|k| u64::from(MAX_FAILURES) - k)
                .rev()
                .collect();
            if left.len() == WRONG && left != expected {
                run.lost += 1;
                run.problem(format!("attempts left {left:?}, not {expected:?}"));
            }
        }
        // Every pending session was spent by its right code.
        for (member, pending) in self.members.iter().zip(&pending) {
            let (_, answer) = post(
                &self.http,
                &url,
                None,
                &json!({ "session": pending, "code": wrong_code(&member.phone, step) }),
            )
            .await;
            if result_of(&answer) != Some(u64::from(ResultCode::NotSignedIn.code())) {
                run.lost += 1;
                run.problem(format!(
                    "{}: a spent pending session answered {}",
                    member.login,
                    describe(&answer)
                ));
            }
        }
        Ok(run)
    }

    /// After `rounds` Verify2FACode rounds in all: each account's security
    /// log holds `rounds` TOTP sign-ins and `WRONG` × `rounds` failures, it
    /// has one session per round besides its first, and `last_step` is
    /// refused as just used.
    pub(super) async fn check_accounts(
        &self,
        rounds: usize,
        last_step: u64,
    ) -> anyhow::Result<Run> {
        let mut run = Run::default();
        for member in &self.members {
            let state = self.app.state(&member.session).await;
            let count = |kind: EventKind| state.events.iter().filter(|e| e.kind == kind).count();
            let (signed_in, failed) = (
                count(EventKind::SignedInWithTotp),
                count(EventKind::SecondFactorFailed),
            );
            if signed_in != rounds || failed != WRONG * rounds {
                run.lost += 1;
                run.problem(format!(
                    "{}: the log holds {signed_in} TOTP sign-ins and {failed} failures, not {rounds} and {}",
                    member.login,
                    WRONG * rounds
                ));
            }
            let sessions = self
                .app
                .get_sessions(&member.session)
                .await
                .map(|s| s.sessions.len())
                .unwrap_or(0);
            if sessions != rounds + 1 {
                run.lost += 1;
                run.problem(format!(
                    "{}: {sessions} sessions, not {}",
                    member.login,
                    rounds + 1
                ));
            }
            let pending = self.app.pending(&member.login, PASSWORD).await;
            let again = self
                .app
                .verify_2fa_code(&pending, &member.phone.code_at(last_step * 30))
                .await;
            if !matches!(&again, Err(error) if error.result == ResultCode::CodeJustUsed) {
                run.lost += 1;
                run.problem(format!(
                    "{}: the last step used was not refused as just used: {again:?}",
                    member.login
                ));
            }
        }
        Ok(run)
    }
}

/// A code that is wrong for every step the server accepts around `step`.
fn wrong_code(phone: &Authenticator, step: u64) -> String {
    let valid: Vec<String> = (step - 1..=step + 1)
        .map(|s| phone.code_at(s * 30))
        .collect();
    (0..1_000_000u32)
        .map(|n| format!("{n:06}"))
        .find(|code| !valid.contains(code))
        .unwrap_or_default()
}
