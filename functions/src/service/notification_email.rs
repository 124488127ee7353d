//! SetNotificationEmail, ConfirmNotificationEmail and SendTestNotice: the
//! address security notices go to. The mails themselves leave through the
//! outbox, written in the same transaction as each change (`notifier.rs`
//! delivers them).

use rand::rngs::OsRng;
use twofold_api::{events::EventKind, notifications::*, Method, ResultCode};
use twofold_auth::{
    notice::{email_code_context, Mail, OutboxMail},
    utc_offset::UtcOffset,
    Account, AccountError, StepUp,
};
use twofold_store::{Apply, Change};

use super::{
    account::account_error, authenticate::Need, input::EmailEntered, Caller, Service, ServiceError,
};

impl Service {
    /// SetNotificationEmail: a code for the new address, mailed to it
    /// (sealed in the outbox item, written with the account); behind a
    /// step-up, since the address is where the owner learns of a thief.
    pub async fn set_notification_email(
        &self,
        request: SetNotificationEmailRequest,
        caller: &Caller,
    ) -> Result<NotificationEmailResponse, ServiceError> {
        let EmailEntered {
            address,
            utc_offset,
            proof,
        } = request.try_into()?;
        let stepped = self
            .stepped_up(
                caller,
                Method::SetNotificationEmail,
                StepUp::SecondFactor,
                proof,
            )
            .await?;
        self.change_authenticated_account(stepped.auth, |account, _, now| {
            let code = account.start_email_change(
                &self.two_factor,
                &mut OsRng,
                address.clone(),
                utc_offset,
                now,
            );
            let sealed = self.two_factor.sealer.seal(
                &mut OsRng,
                code.as_bytes(),
                &email_code_context(&account.user_id),
            );
            let mail = OutboxMail::new(
                &account.user_id,
                now,
                Mail::EmailCode {
                    to: address.clone(),
                    code: sealed,
                },
                &mut OsRng,
            );
            Ok(Apply::Write {
                alongside: Change::default().mail(mail),
                value: NotificationEmailResponse {
                    notification_email: email_state(account),
                },
            })
        })
        .await
    }

    /// ConfirmNotificationEmail: the mailed code makes the address the one
    /// notices go to; the replaced address is told. A wrong code is
    /// counted, and the fifth discards the pending address.
    pub async fn confirm_notification_email(
        &self,
        request: ConfirmNotificationEmailRequest,
        caller: &Caller,
    ) -> Result<NotificationEmailResponse, ServiceError> {
        let code = super::input::read_email_code(&request.code)?;
        let auth = self
            .authenticate(caller, Method::ConfirmNotificationEmail, Need::Full)
            .await?;
        self.change_authenticated_account(auth, |account, _, now| {
            match account.confirm_email(&self.two_factor, &code, now) {
                Ok(old) => {
                    let event = self.event(
                        &account.user_id,
                        EventKind::NotificationEmailChanged,
                        &caller.client,
                        now,
                    );
                    let mut alongside = Change::default().event(event.clone());
                    if let Some(old) = old {
                        alongside = alongside.mail(OutboxMail::new(
                            &account.user_id,
                            now,
                            Mail::Notice {
                                event,
                                to: Some(old),
                            },
                            &mut OsRng,
                        ));
                    }
                    Ok(Apply::Write {
                        alongside,
                        value: Ok(NotificationEmailResponse {
                            notification_email: email_state(account),
                        }),
                    })
                }
                Err(AccountError::WrongCode { attempts_left }) => Ok(Apply::Write {
                    alongside: Change::default(),
                    value: Err(wrong_email_code(attempts_left)),
                }),
                Err(other) => Err(account_error(other)),
            }
        })
        .await?
    }

    /// SendTestNotice: a test mail to the confirmed address, through the
    /// outbox like every notice.
    pub async fn send_test_notice(
        &self,
        _request: SendTestNoticeRequest,
        caller: &Caller,
    ) -> Result<SendTestNoticeResponse, ServiceError> {
        let auth = self
            .authenticate(caller, Method::SendTestNotice, Need::Full)
            .await?;
        let account = &auth.account.value;
        if account.notification_email.is_none() {
            return Err(ServiceError::refused(ResultCode::NoNotificationEmail));
        }
        let now = self.now();
        let mail = OutboxMail::new(&account.user_id, now, Mail::Test { at: now }, &mut OsRng);
        self.store.commit(Change::default().mail(mail)).await?;
        Ok(SendTestNoticeResponse {})
    }
}

/// GetAccount's view of the address.
pub(super) fn email_state(account: &Account) -> NotificationEmailState {
    let confirmed = account.notification_email.as_ref();
    let pending = account.pending_email.as_ref();
    NotificationEmailState {
        address: confirmed.map(|email| email.address.to_string()),
        verified_at: confirmed.map(|email| email.verified_at),
        bouncing_since: confirmed.and_then(|email| email.bouncing_since),
        utc_offset: confirmed
            .and_then(|email| email.utc_offset)
            .map(UtcOffset::to_wire),
        pending: pending.map(|email| email.address.to_string()),
        pending_expires_at: pending.map(|email| email.expires_at),
    }
}

/// A wrong mailed code, with the tries left (none: the address is gone).
fn wrong_email_code(attempts_left: u32) -> ServiceError {
    if attempts_left == 0 {
        return ServiceError::refused_with(
            ResultCode::NoPendingEmail,
            "Too many wrong codes: set the address again for a new code.",
        );
    }
    ServiceError::InvalidCode {
        attempts_left,
        message: Some("That is not the code we mailed. Check the newest mail from us."),
    }
}
