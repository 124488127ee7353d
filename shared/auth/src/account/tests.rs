//! The rules of the domain that live in the aggregate, one test each.

use rand::{rngs::StdRng, SeedableRng};

use super::*;
use crate::{
    lockout::{LockoutPolicy, SecondFactorPolicy},
    password,
    recovery::RecoveryCode,
    sealing::SealingKey,
    token::TokenHash,
    totp::{Enrollment, TotpCode, TotpSecret},
    Password, SecurityEvent,
};

const NOW: u64 = 1_700_000_000;
const POLICY: SecondFactorPolicy = SecondFactorPolicy {
    totp: LockoutPolicy {
        max_failures: 3,
        lockout_seconds: 900,
        max_lockout_seconds: 3600,
        stop_after: Some(6),
    },
    recovery: LockoutPolicy {
        max_failures: 4,
        lockout_seconds: 600,
        max_lockout_seconds: 600,
        stop_after: None,
    },
};

fn rng() -> StdRng {
    StdRng::seed_from_u64(42)
}

fn settings(mode: RecoveryStorage) -> TwoFactorSettings {
    TwoFactorSettings {
        sealer: Sealer::new(&SealingKey::generate(&mut StdRng::seed_from_u64(9))),
        recovery_storage: mode,
        issuer: "Twofold".into(),
    }
}

fn account(rng: &mut StdRng) -> Account {
    let hash = password::hash(&Password::parse("correct horse").unwrap(), rng);
    Account::new(
        UserId::generate(rng),
        Login::parse("ada").unwrap(),
        hash,
        NOW,
    )
}

fn secret_of(enrollment: &Enrollment) -> TotpSecret {
    let bytes = data_encoding::BASE32_NOPAD
        .decode(enrollment.secret_base32.as_bytes())
        .unwrap();
    TotpSecret::from_bytes(&bytes).unwrap()
}

fn totp(secret: &TotpSecret, at: u64) -> SecondFactorInput {
    SecondFactorInput::Totp(TotpCode::parse(&secret.code_at(at)).unwrap())
}

/// The session that started the set-up in these tests.
fn own_session() -> TokenHash {
    TokenHash::from_stored("a".repeat(64))
}

/// An account with 2FA on, its secret and its recovery codes.
fn enrolled(mode: RecoveryStorage) -> (Account, TwoFactorSettings, TotpSecret, Vec<RecoveryCode>) {
    let mut rng = rng();
    let settings = settings(mode);
    let mut account = account(&mut rng);
    let (enrollment, _) = account
        .start_setup(&settings, &mut rng, NOW, &own_session())
        .unwrap();
    let secret = secret_of(&enrollment);
    let code = TotpCode::parse(&secret.code_at(NOW)).unwrap();
    let codes = account
        .enable(&settings, &mut rng, NOW, &code, &own_session())
        .unwrap();
    (account, settings, secret, codes)
}

#[test]
fn enabling_with_a_code_from_the_pending_secret_switches_2fa_on_with_ten_codes() {
    let (account, _, _, codes) = enrolled(RecoveryStorage::Sealed);
    assert!(account.two_factor_enabled());
    assert_eq!(codes.len(), 10);
    assert_eq!(account.recovery_codes_left(), 10);
    assert!(account.pending_setup.is_none());
}

#[test]
fn wrong_codes_at_enabling_are_counted_and_the_fifth_discards_the_setup() {
    let mut rng = rng();
    let settings = settings(RecoveryStorage::Sealed);
    let mut account = account(&mut rng);
    let (enrollment, _) = account
        .start_setup(&settings, &mut rng, NOW, &own_session())
        .unwrap();
    let wrong = TotpCode::parse("000000").unwrap();
    for left in (0..SETUP_MAX_FAILURES).rev() {
        assert_eq!(
            account
                .enable(&settings, &mut rng, NOW, &wrong, &own_session())
                .unwrap_err(),
            AccountError::WrongCode {
                attempts_left: left
            }
        );
    }
    assert!(account.pending_setup.is_none(), "the set-up is discarded");
    let right = TotpCode::parse(&secret_of(&enrollment).code_at(NOW)).unwrap();
    assert_eq!(
        account
            .enable(&settings, &mut rng, NOW, &right, &own_session())
            .unwrap_err(),
        AccountError::NoPendingSetup,
        "even the right code needs a new set-up now"
    );
    assert!(!account.two_factor_enabled());
}

#[test]
fn only_the_session_that_started_the_setup_can_finish_it() {
    let mut rng = rng();
    let settings = settings(RecoveryStorage::Sealed);
    let mut account = account(&mut rng);
    let (enrollment, _) = account
        .start_setup(&settings, &mut rng, NOW, &own_session())
        .unwrap();
    let before = account.clone();
    let right = TotpCode::parse(&secret_of(&enrollment).code_at(NOW)).unwrap();
    let other = TokenHash::from_stored("b".repeat(64));
    assert_eq!(
        account
            .enable(&settings, &mut rng, NOW, &right, &other)
            .unwrap_err(),
        AccountError::SetupOfAnotherSession
    );
    assert_eq!(account, before, "a refused session changes nothing");
    assert!(account
        .enable(&settings, &mut rng, NOW, &right, &own_session())
        .is_ok());
}

#[test]
fn enabling_ends_every_other_session() {
    let mut rng = rng();
    let settings = settings(RecoveryStorage::Sealed);
    let mut account = account(&mut rng);
    let epoch = account.session_epoch;
    let (enrollment, _) = account
        .start_setup(&settings, &mut rng, NOW, &own_session())
        .unwrap();
    let right = TotpCode::parse(&secret_of(&enrollment).code_at(NOW)).unwrap();
    account
        .enable(&settings, &mut rng, NOW, &right, &own_session())
        .unwrap();
    assert_eq!(account.session_epoch, epoch + 1);
}

#[test]
fn enabling_without_setup_or_after_the_pending_secret_expired_is_refused() {
    let mut rng = rng();
    let settings = settings(RecoveryStorage::Sealed);
    let mut account = account(&mut rng);
    let any = TotpCode::parse("123456").unwrap();
    assert_eq!(
        account
            .enable(&settings, &mut rng, NOW, &any, &own_session())
            .unwrap_err(),
        AccountError::NoPendingSetup
    );
    let (enrollment, expires_at) = account
        .start_setup(&settings, &mut rng, NOW, &own_session())
        .unwrap();
    let late = expires_at;
    let code = TotpCode::parse(&secret_of(&enrollment).code_at(late)).unwrap();
    assert_eq!(
        account
            .enable(&settings, &mut rng, late, &code, &own_session())
            .unwrap_err(),
        AccountError::NoPendingSetup
    );
}

#[test]
fn a_new_app_replaces_the_old_one_only_once_its_own_code_confirms_it() {
    let (mut account, settings, old, codes) = enrolled(RecoveryStorage::Sealed);
    let policy = SecondFactorPolicy::default();
    let epoch = account.session_epoch;
    let (enrollment, _) = account
        .start_setup(&settings, &mut rng(), NOW, &own_session())
        .unwrap();
    let new = secret_of(&enrollment);
    // Until the new app is confirmed, the old one signs in.
    account
        .verify_second_factor(&settings, NOW + 30, &policy, &totp(&old, NOW + 30))
        .unwrap();
    assert_eq!(
        account.session_epoch, epoch,
        "nothing ends before the change"
    );

    let code = TotpCode::parse(&new.code_at(NOW + 60)).unwrap();
    account
        .change_app(&settings, NOW + 60, &code, &own_session())
        .unwrap();

    assert_eq!(account.session_epoch, epoch + 1, "other sessions end");
    assert!(account.pending_setup.is_none());
    assert!(
        matches!(
            account.verify_second_factor(&settings, NOW + 90, &policy, &totp(&old, NOW + 90)),
            Err(SecondFactorFailure::Wrong { .. })
        ),
        "the old app's codes no longer sign in"
    );
    account
        .verify_second_factor(&settings, NOW + 120, &policy, &totp(&new, NOW + 120))
        .unwrap();
    assert_eq!(account.recovery_codes_left(), 10, "the recovery codes stay");
    let recovery = SecondFactorInput::Recovery(codes[0].clone());
    account
        .verify_second_factor(&settings, NOW + 150, &policy, &recovery)
        .unwrap();
}

#[test]
fn changing_the_app_needs_2fa_on_the_setup_s_own_session_and_a_right_code() {
    let (mut account, settings, _, _) = enrolled(RecoveryStorage::Sealed);
    let (enrollment, _) = account
        .start_setup(&settings, &mut rng(), NOW, &own_session())
        .unwrap();
    let new = secret_of(&enrollment);
    let right = TotpCode::parse(&new.code_at(NOW)).unwrap();
    let another = TokenHash::from_stored("b".repeat(64));
    assert_eq!(
        account.change_app(&settings, NOW, &right, &another),
        Err(AccountError::SetupOfAnotherSession)
    );
    assert_eq!(
        account
            .enable(&settings, &mut rng(), NOW, &right, &own_session())
            .unwrap_err(),
        AccountError::TwoFactorAlreadyEnabled,
        "Enable2FA does not replace an app"
    );
    let wrong = TotpCode::parse(&new.code_at(NOW + 3600)).unwrap();
    for left in (0..SETUP_MAX_FAILURES).rev() {
        assert_eq!(
            account.change_app(&settings, NOW, &wrong, &own_session()),
            Err(AccountError::WrongCode {
                attempts_left: left
            })
        );
    }
    assert_eq!(
        account.change_app(&settings, NOW, &right, &own_session()),
        Err(AccountError::NoPendingSetup),
        "the fifth wrong code discarded the set-up"
    );
    account.disable_two_factor().unwrap();
    assert_eq!(
        account.change_app(&settings, NOW, &right, &own_session()),
        Err(AccountError::TwoFactorNotEnabled)
    );
}

#[test]
fn a_second_setup_replaces_the_first_pending_secret() {
    let mut rng = rng();
    let settings = settings(RecoveryStorage::Sealed);
    let mut account = account(&mut rng);
    let (first, _) = account
        .start_setup(&settings, &mut rng, NOW, &own_session())
        .unwrap();
    let (second, _) = account
        .start_setup(&settings, &mut rng, NOW, &own_session())
        .unwrap();
    assert_ne!(first.secret_base32, second.secret_base32);
    let old = TotpCode::parse(&secret_of(&first).code_at(NOW)).unwrap();
    assert_eq!(
        account
            .enable(&settings, &mut rng, NOW, &old, &own_session())
            .unwrap_err(),
        AccountError::WrongCode {
            attempts_left: SETUP_MAX_FAILURES - 1
        }
    );
}

#[test]
fn the_code_that_confirmed_enrollment_cannot_be_replayed_to_sign_in() {
    let (mut account, settings, secret, _) = enrolled(RecoveryStorage::Sealed);
    let result = account.verify_second_factor(&settings, NOW, &POLICY, &totp(&secret, NOW));
    assert!(matches!(result, Err(SecondFactorFailure::JustUsed { .. })));
}

#[test]
fn a_totp_code_signs_in_once_and_its_replay_is_refused() {
    let (mut account, settings, secret, _) = enrolled(RecoveryStorage::Sealed);
    let later = NOW + 30;
    let success = account
        .verify_second_factor(&settings, later, &POLICY, &totp(&secret, later))
        .unwrap();
    assert_eq!(success, Accepted::Totp);
    let replay = account.verify_second_factor(&settings, later, &POLICY, &totp(&secret, later));
    // Refused, but not counted: the owner's own code, typed twice.
    let next_step_at = (later / 30 + 1) * 30;
    assert_eq!(
        replay,
        Err(SecondFactorFailure::JustUsed {
            retry_after: next_step_at - later,
            attempts_left: 3
        })
    );
    assert_eq!(account.totp_failures, FailureState::default());
    // A wrong code is still counted.
    let wrong = SecondFactorInput::Totp(TotpCode::parse("000000").unwrap());
    let _ = account.verify_second_factor(&settings, later, &POLICY, &wrong);
    assert!(matches!(
        account.verify_second_factor(&settings, later, &POLICY, &totp(&secret, later)),
        Err(SecondFactorFailure::JustUsed {
            attempts_left: 2,
            ..
        })
    ));
}

#[test]
fn a_recovery_code_works_once_and_is_then_marked_used() {
    let (mut account, settings, _, codes) = enrolled(RecoveryStorage::Sealed);
    let input = SecondFactorInput::parse(&codes[3].display().to_uppercase()).unwrap();
    let success = account
        .verify_second_factor(&settings, NOW + 5, &POLICY, &input)
        .unwrap();
    assert_eq!(success, Accepted::RecoveryCode { left: 9 });
    let again = account.verify_second_factor(&settings, NOW + 6, &POLICY, &input);
    assert!(matches!(again, Err(SecondFactorFailure::Wrong { .. })));
    let view = account.view_recovery_codes(&settings).unwrap();
    let shown = view.codes.unwrap();
    assert_eq!(shown[3].1, Some(NOW + 5));
    assert_eq!(shown.iter().filter(|(_, used)| used.is_none()).count(), 9);
    assert_eq!(view.left, 9);
}

#[test]
fn in_hash_only_mode_codes_work_once_but_cannot_be_viewed_again() {
    let (mut account, settings, _, codes) = enrolled(RecoveryStorage::HashOnly);
    let input = SecondFactorInput::Recovery(codes[0].clone());
    assert!(account
        .verify_second_factor(&settings, NOW, &POLICY, &input)
        .is_ok());
    assert!(account
        .verify_second_factor(&settings, NOW, &POLICY, &input)
        .is_err());
    let view = account.view_recovery_codes(&settings).unwrap();
    assert!(view.codes.is_none());
    assert_eq!(view.left, 9);
    let stored = serde_json::to_string(&account).unwrap();
    for code in &codes {
        assert!(!stored.contains(code.normalised()));
    }
}

#[test]
fn secrets_and_codes_are_sealed_at_rest() {
    let (account, _, secret, codes) = enrolled(RecoveryStorage::Sealed);
    let stored = serde_json::to_string(&account).unwrap();
    assert!(!stored.contains(&secret.to_base32()));
    for code in &codes {
        assert!(!stored.contains(code.normalised()));
    }
}

#[test]
fn a_secret_sealed_for_one_account_does_not_open_for_another() {
    let (mut alice, settings, _, _) = enrolled(RecoveryStorage::Sealed);
    let mut rng = StdRng::seed_from_u64(77);
    alice.user_id = UserId::generate(&mut rng); // as if the blob were copied to another account
    let result = alice.verify_second_factor(
        &settings,
        NOW + 30,
        &POLICY,
        &SecondFactorInput::parse("123456").unwrap(),
    );
    assert_eq!(result, Err(SecondFactorFailure::Unseal));
}

#[test]
fn after_n_wrong_codes_even_a_correct_code_is_refused_until_the_cool_down_ends() {
    let (mut account, settings, secret, _) = enrolled(RecoveryStorage::Sealed);
    let wrong = SecondFactorInput::parse("000000").unwrap();
    let t = NOW + 30;
    for expected_left in [2, 1] {
        let failure = account
            .verify_second_factor(&settings, t, &POLICY, &wrong)
            .unwrap_err();
        assert_eq!(
            failure,
            SecondFactorFailure::Wrong {
                kind: CodeKind::Totp,
                attempts_left: expected_left,
                locked_until: None,
                stopped: false,
            }
        );
    }
    let locking = account
        .verify_second_factor(&settings, t, &POLICY, &wrong)
        .unwrap_err();
    assert_eq!(
        locking,
        SecondFactorFailure::Wrong {
            kind: CodeKind::Totp,
            attempts_left: 0,
            locked_until: Some(t + 900),
            stopped: false,
        }
    );
    let right_but_locked =
        account.verify_second_factor(&settings, t + 1, &POLICY, &totp(&secret, t + 1));
    assert_eq!(
        right_but_locked,
        Err(SecondFactorFailure::Locked {
            retry_after: 899,
            first: true
        })
    );
    assert!(account.totp_failures.refusal_logged);
    let before = account.clone();
    assert_eq!(
        account.verify_second_factor(&settings, t + 2, &POLICY, &totp(&secret, t + 2)),
        Err(SecondFactorFailure::Locked {
            retry_after: 898,
            first: false
        })
    );
    assert_eq!(
        account, before,
        "a refused attempt while locked, after the first, changes nothing"
    );
    let after = t + 900;
    assert!(account
        .verify_second_factor(&settings, after, &POLICY, &totp(&secret, after))
        .is_ok());
    assert_eq!(account.totp_failures, FailureState::default());
}

/// Locks `account`'s app codes with wrong ones at `t` (3 under POLICY).
fn lock_app_codes(account: &mut Account, settings: &TwoFactorSettings, t: u64) {
    let wrong = SecondFactorInput::parse("000000").unwrap();
    for _ in 0..POLICY.totp.max_failures {
        let _ = account.verify_second_factor(settings, t, &POLICY, &wrong);
    }
}

#[test]
fn a_lock_on_app_codes_never_keeps_recovery_codes_out() {
    let (mut account, settings, _, codes) = enrolled(RecoveryStorage::Sealed);
    let t = NOW + 30;
    lock_app_codes(&mut account, &settings, t);
    let recovery = SecondFactorInput::Recovery(codes[0].clone());
    assert_eq!(
        account.verify_second_factor(&settings, t + 1, &POLICY, &recovery),
        Ok(Accepted::RecoveryCode { left: 9 })
    );
    assert_eq!(
        account.totp_failures,
        FailureState::default(),
        "a recovery code proves the owner and lifts the lock on app codes"
    );
}

#[test]
fn wrong_recovery_codes_lock_recovery_codes_only_on_their_own_counter() {
    let (mut account, settings, secret, _) = enrolled(RecoveryStorage::Sealed);
    let wrong = SecondFactorInput::parse("aaaaa-aaaaa").unwrap();
    let t = NOW + 30;
    for left in [3, 2, 1] {
        assert_eq!(
            account.verify_second_factor(&settings, t, &POLICY, &wrong),
            Err(SecondFactorFailure::Wrong {
                kind: CodeKind::RecoveryCode,
                attempts_left: left,
                locked_until: None,
                stopped: false,
            })
        );
    }
    assert_eq!(
        account.verify_second_factor(&settings, t, &POLICY, &wrong),
        Err(SecondFactorFailure::Wrong {
            kind: CodeKind::RecoveryCode,
            attempts_left: 0,
            locked_until: Some(t + 600),
            stopped: false,
        })
    );
    assert_eq!(account.totp_failures, FailureState::default());
    assert_eq!(
        account.verify_second_factor(&settings, t + 1, &POLICY, &wrong),
        Err(SecondFactorFailure::Locked {
            retry_after: 599,
            first: true
        })
    );
    assert_eq!(
        account.verify_second_factor(&settings, t + 1, &POLICY, &totp(&secret, t + 1)),
        Ok(Accepted::Totp),
        "the app's codes still work while recovery codes are locked"
    );
}

#[test]
fn after_the_stop_app_codes_are_refused_until_a_recovery_code_signs_in() {
    let (mut account, settings, secret, codes) = enrolled(RecoveryStorage::Sealed);
    let mut t = NOW + 30;
    // Two locks of three: the sixth wrong code stops app codes.
    lock_app_codes(&mut account, &settings, t);
    t += 900;
    let wrong = SecondFactorInput::parse("000000").unwrap();
    let _ = account.verify_second_factor(&settings, t, &POLICY, &wrong);
    let _ = account.verify_second_factor(&settings, t, &POLICY, &wrong);
    assert_eq!(
        account.verify_second_factor(&settings, t, &POLICY, &wrong),
        Err(SecondFactorFailure::Wrong {
            kind: CodeKind::Totp,
            attempts_left: 0,
            locked_until: None,
            stopped: true,
        })
    );
    let much_later = t + 365 * 24 * 3600;
    assert_eq!(
        account.verify_second_factor(&settings, much_later, &POLICY, &totp(&secret, much_later)),
        Err(SecondFactorFailure::TotpStopped { first: true }),
        "even a right code is refused, however long one waits"
    );
    let before = account.clone();
    assert_eq!(
        account.verify_second_factor(&settings, much_later, &POLICY, &totp(&secret, much_later)),
        Err(SecondFactorFailure::TotpStopped { first: false }),
    );
    assert_eq!(
        account, before,
        "a refusal after the stop, after the first, changes nothing"
    );
    let recovery = SecondFactorInput::Recovery(codes[0].clone());
    assert!(account
        .verify_second_factor(&settings, much_later, &POLICY, &recovery)
        .is_ok());
    let next = much_later + 30;
    assert_eq!(
        account.verify_second_factor(&settings, next, &POLICY, &totp(&secret, next)),
        Ok(Accepted::Totp)
    );
}

#[test]
fn regenerating_replaces_every_code_at_once_and_ends_other_sessions() {
    let (mut account, settings, _, old) = enrolled(RecoveryStorage::Sealed);
    let epoch = account.session_epoch;
    let new = account
        .regenerate_recovery_codes(&settings, &mut rng())
        .unwrap();
    assert_eq!(new.len(), 10);
    assert_eq!(account.session_epoch, epoch + 1);
    for code in &old {
        let input = SecondFactorInput::Recovery(code.clone());
        assert!(account
            .verify_second_factor(
                &settings,
                NOW,
                &SecondFactorPolicy {
                    recovery: LockoutPolicy {
                        max_failures: 50,
                        ..POLICY.recovery
                    },
                    ..POLICY
                },
                &input
            )
            .is_err());
    }
    let input = SecondFactorInput::Recovery(new[0].clone());
    assert!(account
        .verify_second_factor(&settings, NOW, &POLICY, &input)
        .is_ok());
}

#[test]
fn disabling_deletes_the_secret_and_codes_and_ends_other_sessions() {
    let (mut account, settings, _, codes) = enrolled(RecoveryStorage::Sealed);
    let epoch = account.session_epoch;
    account.disable_two_factor().unwrap();
    assert!(!account.two_factor_enabled());
    assert_eq!(account.recovery_codes_left(), 0);
    assert_eq!(account.session_epoch, epoch + 1);
    let input = SecondFactorInput::Recovery(codes[0].clone());
    assert_eq!(
        account.verify_second_factor(&settings, NOW, &POLICY, &input),
        Err(SecondFactorFailure::NotEnabled)
    );
    assert_eq!(
        account.disable_two_factor(),
        Err(AccountError::TwoFactorNotEnabled)
    );
}

#[test]
fn changing_the_password_replaces_the_hash_and_ends_other_sessions() {
    let mut rng = rng();
    let mut account = account(&mut rng);
    let epoch = account.session_epoch;
    let new = Password::parse("a new passphrase").unwrap();

    let restamp = account.change_password(password::hash(&new, &mut rng));

    assert_eq!(restamp, epoch + 1);
    assert_eq!(account.session_epoch, restamp);
    assert!(password::verify(&new, &account.password_hash));
    assert!(!password::verify(
        &Password::parse("correct horse").unwrap(),
        &account.password_hash
    ));
}

#[test]
fn second_factor_input_is_a_totp_code_or_a_recovery_code_or_refused() {
    assert!(matches!(
        SecondFactorInput::parse("123 456"),
        Ok(SecondFactorInput::Totp(_))
    ));
    assert!(matches!(
        SecondFactorInput::parse("ABCDE-23456"),
        Ok(SecondFactorInput::Recovery(_))
    ));
    for bad in ["", "12345", "hello", "abcde-2345"] {
        assert!(SecondFactorInput::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn an_account_survives_a_round_trip_through_its_stored_form() {
    let (account, _, _, _) = enrolled(RecoveryStorage::Sealed);
    let stored = serde_json::to_string(&account).unwrap();
    assert_eq!(serde_json::from_str::<Account>(&stored).unwrap(), account);
}

#[test]
fn the_stored_sealed_codes_or_keyed_hashes_are_not_recovery_codes() {
    // Someone who read the table offers what is stored instead of a code.
    for storage in [RecoveryStorage::Sealed, RecoveryStorage::HashOnly] {
        let (mut account, settings, _, _) = enrolled(storage);
        let stored = serde_json::to_value(&account).unwrap();
        let recovery = &stored["twoFactor"]["recovery"]["storage"];
        let offered: Vec<String> = match storage {
            RecoveryStorage::Sealed => vec![recovery["codes"].as_str().unwrap().to_owned()],
            RecoveryStorage::HashOnly => recovery["hashes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h.as_str().unwrap().to_owned())
                .collect(),
        };
        assert!(!offered.is_empty());
        for text in offered {
            assert!(
                SecondFactorInput::parse(&text).is_err(),
                "{storage:?}: {text}"
            );
            // Even cut to a code's length, it is only a wrong code.
            let cut: String = text
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .take(10)
                .collect();
            if let Ok(input) = SecondFactorInput::parse(&cut) {
                assert!(matches!(
                    account.verify_second_factor(&settings, NOW + 60, &POLICY, &input),
                    Err(SecondFactorFailure::Wrong { .. })
                ));
            }
        }
    }
}

#[test]
fn debug_output_of_an_account_shows_no_hash_secret_or_code() {
    for storage in [RecoveryStorage::Sealed, RecoveryStorage::HashOnly] {
        let (account, _, secret, codes) = enrolled(storage);
        let printed = format!("{account:?}");
        let stored = serde_json::to_value(&account).unwrap();
        let recovery = &stored["twoFactor"]["recovery"]["storage"];
        let mut secrets: Vec<String> = vec![
            stored["passwordHash"].as_str().unwrap().to_owned(),
            stored["twoFactor"]["secret"].as_str().unwrap().to_owned(),
            secret.code_at(NOW),
        ];
        secrets.extend(codes.iter().map(|c| c.normalised().to_owned()));
        if let Some(sealed) = recovery["codes"].as_str() {
            secrets.push(sealed.to_owned());
        }
        for hash in recovery["hashes"].as_array().into_iter().flatten() {
            secrets.push(hash.as_str().unwrap().to_owned());
        }
        for secret in secrets {
            assert!(
                !printed.contains(&secret),
                "{storage:?}: {secret} in {printed}"
            );
        }
    }
}

/// `settings` with the sealer turned to a new current key (id 2), the old
/// one (id 1, seed 9 as in `settings`) kept or dropped.
fn rotated(settings: &TwoFactorSettings, keep_old: bool) -> TwoFactorSettings {
    let old = SealingKey::generate(&mut StdRng::seed_from_u64(9));
    let new = SealingKey::generate(&mut StdRng::seed_from_u64(10));
    let old_keys: Vec<(u32, &SealingKey)> = if keep_old { vec![(1, &old)] } else { vec![] };
    TwoFactorSettings {
        sealer: Sealer::with_keys((2, &new), &old_keys).unwrap(),
        recovery_storage: settings.recovery_storage,
        issuer: settings.issuer.clone(),
    }
}

#[test]
fn a_rotated_key_signs_in_before_and_after_resealing_and_the_old_key_can_then_go() {
    let (mut account, before, secret, codes) = enrolled(RecoveryStorage::Sealed);
    let during = rotated(&before, true);
    let mut rng = rng();
    // Rotated, not yet resealed: the old secret and codes still open.
    account
        .verify_second_factor(&during, NOW + 60, &POLICY, &totp(&secret, NOW + 60))
        .unwrap();
    let first_code = SecondFactorInput::Recovery(codes[0].clone());
    account
        .verify_second_factor(&during, NOW + 61, &POLICY, &first_code)
        .unwrap();
    let done = account.reseal(&during, &mut rng).unwrap();
    assert_eq!(done.values, 2, "the TOTP secret and the sealed codes");
    assert_eq!(account.reseal(&during, &mut rng).unwrap().values, 0);
    // Resealed: the old key is no longer needed.
    let after = rotated(&before, false);
    account
        .verify_second_factor(&after, NOW + 90, &POLICY, &totp(&secret, NOW + 90))
        .unwrap();
    let second_code = SecondFactorInput::Recovery(codes[1].clone());
    account
        .verify_second_factor(&after, NOW + 91, &POLICY, &second_code)
        .unwrap();
    assert_eq!(account.view_recovery_codes(&after).unwrap().left, 8);
}

#[test]
fn hash_only_codes_keep_their_old_key_until_regenerated() {
    let (mut account, before, _, codes) = enrolled(RecoveryStorage::HashOnly);
    let during = rotated(&before, true);
    let mut rng = rng();
    let done = account.reseal(&during, &mut rng).unwrap();
    assert_eq!((done.values, done.hashes_under_old_keys), (1, 10));
    account
        .verify_second_factor(
            &during,
            NOW + 60,
            &POLICY,
            &SecondFactorInput::Recovery(codes[0].clone()),
        )
        .unwrap();
    account
        .regenerate_recovery_codes(&during, &mut rng)
        .unwrap();
    assert_eq!(
        account.reseal(&during, &mut rng).unwrap(),
        Resealed::default()
    );
}

#[test]
fn a_value_naming_a_key_that_is_not_configured_does_not_open() {
    let (mut account, before, secret, _) = enrolled(RecoveryStorage::Sealed);
    let without_old = rotated(&before, false);
    assert_eq!(
        account.verify_second_factor(&without_old, NOW + 60, &POLICY, &totp(&secret, NOW + 60)),
        Err(SecondFactorFailure::Unseal)
    );
    assert_eq!(
        account.reseal(&without_old, &mut rng()),
        Err(AccountError::Unseal)
    );
    // A wrong key under the right id is found out too, not reported as
    // "nothing to re-seal".
    let impostor = TwoFactorSettings {
        sealer: Sealer::new(&SealingKey::generate(&mut StdRng::seed_from_u64(77))),
        recovery_storage: before.recovery_storage,
        issuer: before.issuer.clone(),
    };
    assert_eq!(
        account.reseal(&impostor, &mut rng()),
        Err(AccountError::Unseal)
    );
}

#[test]
fn a_two_factor_record_stored_before_keys_reads_as_an_app_without_keys() {
    let (account, _, _, _) = enrolled(RecoveryStorage::Sealed);
    let mut stored = serde_json::to_value(&account).unwrap();
    let two_factor = stored["twoFactor"].as_object_mut().unwrap();
    assert!(two_factor.contains_key("secret"));
    assert!(
        !two_factor.contains_key("keys"),
        "no keys: written as before keys existed"
    );
    two_factor.remove("keys");
    let read: Account = serde_json::from_value(stored).unwrap();
    assert_eq!(read, account);
}

#[test]
fn with_keys_alone_a_code_from_an_app_is_a_wrong_code_and_counted() {
    let (mut account, settings, old, codes) = enrolled(RecoveryStorage::Sealed);
    let policy = SecondFactorPolicy::default();
    if let Some(two_factor) = account.two_factor.as_mut() {
        two_factor.secret = None;
        two_factor.keys.push(security_keys::SecurityKey {
            id: 1,
            name: "Blue key".into(),
            kind: security_keys::KeyKind::SecurityKey,
            credential_id: "AAEC".into(),
            credential: "{}".into(),
            added_at: NOW,
            last_used_at: None,
        });
    }
    assert!(account.two_factor_enabled());
    assert!(matches!(
        account.verify_second_factor(&settings, NOW + 30, &policy, &totp(&old, NOW + 30)),
        Err(SecondFactorFailure::Wrong {
            kind: CodeKind::Totp,
            ..
        })
    ));
    // The recovery codes, shared by every factor, still work.
    let recovery = SecondFactorInput::Recovery(codes[0].clone());
    assert_eq!(
        account.verify_second_factor(&settings, NOW + 60, &policy, &recovery),
        Ok(Accepted::RecoveryCode { left: 9 })
    );
}

fn new_key(name: &str, credential_id: &str) -> security_keys::NewKey {
    security_keys::NewKey {
        name: name.into(),
        kind: security_keys::KeyKind::SecurityKey,
        credential_id: credential_id.into(),
        credential: "{\"counter\":1}".into(),
    }
}

#[test]
fn a_first_key_turns_2fa_on_with_recovery_codes_and_ends_other_sessions() {
    let mut rng = rng();
    let settings = settings(RecoveryStorage::Sealed);
    let mut account = account(&mut rng);
    let epoch = account.session_epoch;
    let (key, codes) = account
        .add_key(&settings, &mut rng, NOW, new_key("Blue key", "AAEC"))
        .unwrap();
    assert_eq!((key.id, key.name.as_str()), (1, "Blue key"));
    assert_eq!(codes.map(|codes| codes.len()), Some(10));
    assert!(account.two_factor_enabled());
    assert!(!account.has_authenticator_app());
    assert!(account.session_epoch > epoch, "other sessions end");
    assert!(!account.recovery_codes_confirmed());
    // A second key joins: no new codes, no sessions ended.
    let epoch = account.session_epoch;
    let (second, codes) = account
        .add_key(&settings, &mut rng, NOW + 1, new_key("Laptop", "AAED"))
        .unwrap();
    assert_eq!(second.id, 2);
    assert!(codes.is_none());
    assert_eq!(account.session_epoch, epoch);
    assert_eq!(account.security_keys().len(), 2);
}

#[test]
fn a_key_is_added_once_and_at_most_ten_keys() {
    let mut rng = rng();
    let settings = settings(RecoveryStorage::Sealed);
    let mut account = account(&mut rng);
    account
        .add_key(&settings, &mut rng, NOW, new_key("Blue key", "AAEC"))
        .unwrap();
    assert_eq!(
        account
            .add_key(&settings, &mut rng, NOW, new_key("Again", "AAEC"))
            .err(),
        Some(AccountError::KeyAlreadyAdded)
    );
    for n in 1..twofold_api::limits::MAX_SECURITY_KEYS {
        account
            .add_key(&settings, &mut rng, NOW, new_key("k", &format!("K{n}")))
            .unwrap();
    }
    assert_eq!(
        account
            .add_key(&settings, &mut rng, NOW, new_key("eleventh", "ZZZZ"))
            .err(),
        Some(AccountError::TooManyKeys)
    );
    // Ids are never reused: the refused ones took none.
    assert_eq!(account.last_key_id, 10);
}

#[test]
fn the_last_second_factor_is_never_removed_as_a_key() {
    let mut rng = rng();
    let settings = settings(RecoveryStorage::Sealed);
    let mut account = account(&mut rng);
    account
        .add_key(&settings, &mut rng, NOW, new_key("Blue key", "AAEC"))
        .unwrap();
    assert_eq!(account.remove_key(1), Err(AccountError::LastSecondFactor));
    assert_eq!(account.remove_key(7), Err(AccountError::KeyNotFound));
    account
        .add_key(&settings, &mut rng, NOW, new_key("Laptop", "AAED"))
        .unwrap();
    assert_eq!(
        account.remove_key(1).map(|key| key.name),
        Ok("Blue key".into())
    );
    assert_eq!(account.remove_key(2), Err(AccountError::LastSecondFactor));
    // Beside an app, the last key goes: the app remains.
    let (mut with_app, settings, _, _) = enrolled(RecoveryStorage::Sealed);
    with_app
        .add_key(&settings, &mut rng, NOW, new_key("Blue key", "AAEC"))
        .unwrap();
    assert!(with_app.remove_key(1).is_ok());
    assert!(with_app.two_factor_enabled() && with_app.security_keys().is_empty());
}

#[test]
fn a_key_s_answer_saves_its_record_and_dates_its_use_and_renaming_keeps_the_rest() {
    let mut rng = rng();
    let settings = settings(RecoveryStorage::Sealed);
    let mut account = account(&mut rng);
    account
        .add_key(&settings, &mut rng, NOW, new_key("Blue key", "AAEC"))
        .unwrap();
    let answer = security_keys::KeyAnswer {
        credential_id: "AAEC".into(),
        updated: Some("{\"counter\":2}".into()),
    };
    let key = account.key_answered(&answer, NOW + 60).unwrap();
    assert_eq!(key.credential, "{\"counter\":2}");
    assert_eq!(key.last_used_at, Some(NOW + 60));
    let unchanged = security_keys::KeyAnswer {
        updated: None,
        ..answer
    };
    let key = account.key_answered(&unchanged, NOW + 90).unwrap();
    assert_eq!(
        key.credential, "{\"counter\":2}",
        "no update keeps the record"
    );
    let other = security_keys::KeyAnswer {
        credential_id: "ZZZZ".into(),
        updated: None,
    };
    assert_eq!(
        account.key_answered(&other, NOW),
        Err(AccountError::KeyNotFound)
    );
    let renamed = account.rename_key(1, "Red key".into()).unwrap();
    assert_eq!(
        (renamed.name.as_str(), renamed.last_used_at),
        ("Red key", Some(NOW + 90))
    );
    assert_eq!(
        account.rename_key(2, "x".into()),
        Err(AccountError::KeyNotFound)
    );
}

#[test]
fn turning_2fa_off_removes_the_keys_with_the_app_and_codes() {
    let mut rng = rng();
    let settings = settings(RecoveryStorage::Sealed);
    let mut account = account(&mut rng);
    account
        .add_key(&settings, &mut rng, NOW, new_key("Blue key", "AAEC"))
        .unwrap();
    account.disable_two_factor().unwrap();
    assert!(account.security_keys().is_empty());
    assert!(!account.two_factor_enabled());
    assert_eq!(account.recovery_codes_left(), 0);
}

/// The account after 2FA is turned off, the undo point taken before, and
/// what the undo needs.
fn turned_off_by_a_thief() -> (
    Account,
    TwoFactorSettings,
    TotpSecret,
    Vec<RecoveryCode>,
    Sealed,
) {
    let (mut account, settings, secret, codes) = enrolled(RecoveryStorage::Sealed);
    let mut rng = rng();
    let event = SecurityEvent::new(
        &account.user_id,
        NOW + 60,
        0,
        twofold_api::events::EventKind::TwoFactorDisabled,
        &crate::event::ClientInfo::default(),
        &mut rng,
    );
    let point = account.undo_point(&settings, &mut rng, &event).unwrap();
    account.disable_two_factor().unwrap();
    let thief = password::hash(&Password::parse("thief's own").unwrap(), &mut rng);
    account.change_password(thief);
    (account, settings, secret, codes, point.before)
}

#[test]
fn an_undo_with_a_recovery_code_from_before_puts_the_password_and_the_app_back() {
    let (mut account, settings, secret, codes, before) = turned_off_by_a_thief();
    let epoch = account.session_epoch;
    let input = SecondFactorInput::Recovery(codes[3].clone());
    let undone = account
        .restore(
            &settings,
            &POLICY,
            NOW + 120,
            &before,
            UndoProof::Code(&input),
        )
        .unwrap();
    assert_eq!(undone, Undone::RecoveryCode { left: 9 });
    assert!(account.two_factor_enabled());
    assert!(password::verify(
        &Password::parse("correct horse").unwrap(),
        &account.password_hash
    ));
    assert!(account.session_epoch > epoch, "every session ends");
    let mut again = account.clone();
    assert!(
        again
            .verify_second_factor(&settings, NOW + 150, &POLICY, &input)
            .is_err(),
        "the code used to undo is spent"
    );
    assert!(account
        .verify_second_factor(&settings, NOW + 150, &POLICY, &totp(&secret, NOW + 150))
        .is_ok());
}

#[test]
fn an_undo_with_a_wrong_code_or_none_from_before_changes_nothing() {
    let (account, settings, _, _, before) = turned_off_by_a_thief();
    for input in [
        SecondFactorInput::Totp(TotpCode::parse("000000").unwrap()),
        SecondFactorInput::parse("aaaaa-aaaaa").unwrap(),
    ] {
        let mut tried = account.clone();
        assert_eq!(
            tried.restore(
                &settings,
                &POLICY,
                NOW + 120,
                &before,
                UndoProof::Code(&input)
            ),
            Err(UndoRefused::WrongCode)
        );
        assert_eq!(tried, account);
    }
}

#[test]
fn an_undo_point_is_only_taken_of_a_change_that_takes_a_credential_from_an_account_with_2fa() {
    let mut rng = rng();
    let settings = settings(RecoveryStorage::Sealed);
    let plain = account(&mut rng);
    let event = |kind| {
        SecurityEvent::new(
            &plain.user_id,
            NOW,
            0,
            kind,
            &crate::event::ClientInfo::default(),
            &mut StdRng::seed_from_u64(3),
        )
    };
    use twofold_api::events::EventKind;
    assert!(plain
        .undo_point(&settings, &mut rng, &event(EventKind::PasswordChanged))
        .is_none());
    let (enrolled, settings, _, _) = enrolled(RecoveryStorage::HashOnly);
    assert!(enrolled
        .undo_point(&settings, &mut rng, &event(EventKind::PasswordChanged))
        .is_some());
    assert!(enrolled
        .undo_point(&settings, &mut rng, &event(EventKind::TokenCreated))
        .is_none());
}

#[test]
fn an_undo_point_of_another_account_does_not_open() {
    let (mut account, settings, _, codes, before) = turned_off_by_a_thief();
    account.user_id = UserId::generate(&mut StdRng::seed_from_u64(77));
    let input = SecondFactorInput::Recovery(codes[0].clone());
    assert_eq!(
        account.restore(
            &settings,
            &POLICY,
            NOW + 120,
            &before,
            UndoProof::Code(&input)
        ),
        Err(UndoRefused::Unseal)
    );
}

/// An account with a key and the app, whose key a thief removed after
/// taking the undo point.
fn key_removed_by_a_thief() -> (Account, TwoFactorSettings, Sealed) {
    let (mut account, settings, _, _) = enrolled(RecoveryStorage::Sealed);
    let mut rng = rng();
    account
        .add_key(&settings, &mut rng, NOW, new_key("Blue key", "AAEC"))
        .unwrap();
    let event = SecurityEvent::new(
        &account.user_id,
        NOW + 60,
        0,
        twofold_api::events::EventKind::SecurityKeyRemoved,
        &crate::event::ClientInfo::default(),
        &mut rng,
    );
    let point = account.undo_point(&settings, &mut rng, &event).unwrap();
    account.remove_key(1).unwrap();
    (account, settings, point.before)
}

#[test]
fn the_factors_before_a_change_name_its_app_and_keys() {
    let (account, settings, before) = key_removed_by_a_thief();
    let factors = account.factors_before(&settings, &before).unwrap();
    assert!(factors.app);
    let names: Vec<_> = factors.keys.iter().map(|key| key.name.as_str()).collect();
    assert_eq!(names, ["Blue key"]);
    assert!(account.security_keys().is_empty(), "today it has none");
}

#[test]
fn an_undo_with_a_key_from_before_puts_it_back_with_its_counter_saved() {
    let (mut account, settings, before) = key_removed_by_a_thief();
    let epoch = account.session_epoch;
    let answer = security_keys::KeyAnswer {
        credential_id: "AAEC".into(),
        updated: Some("{\"counter\":5}".into()),
    };
    let undone = account
        .restore(
            &settings,
            &POLICY,
            NOW + 120,
            &before,
            UndoProof::Key(&answer),
        )
        .unwrap();
    assert_eq!(
        undone,
        Undone::Key {
            name: "Blue key".into()
        }
    );
    let key = &account.security_keys()[0];
    assert_eq!(key.credential, "{\"counter\":5}");
    assert_eq!(key.last_used_at, Some(NOW + 120));
    assert!(account.session_epoch > epoch, "every session ends");
}

#[test]
fn an_undo_with_a_key_that_was_not_there_before_changes_nothing() {
    let (account, settings, before) = key_removed_by_a_thief();
    let answer = security_keys::KeyAnswer {
        credential_id: "ZZZZ".into(),
        updated: None,
    };
    let mut tried = account.clone();
    assert_eq!(
        tried.restore(
            &settings,
            &POLICY,
            NOW + 120,
            &before,
            UndoProof::Key(&answer)
        ),
        Err(UndoRefused::UnknownKey)
    );
    assert_eq!(tried, account);
}
