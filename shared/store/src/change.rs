//! Writes: every change to an account, its sessions and its log is one
//! conditional write or one transaction.

use aws_sdk_dynamodb::{
    error::SdkError,
    operation::transact_write_items::TransactWriteItemsError,
    types::{ConditionCheck, Delete, Put, TransactWriteItem, Update},
};
use twofold_auth::{
    not_me::UndoPoint, notice::OutboxMail, token::TokenHash, AccessToken, Account, SecurityEvent,
    Session, UserId,
};

use crate::{
    item::{key, n, s, with_data, Item},
    keys::{
        event_sk, login_pk, session_sk, token_sk, user_pk, ACCOUNT_SK, DATA, LAST_USED,
        LAST_USED_IP, LOGIN, LOGIN_SK, PASSWORD_HASH, TTL, USER_ID, VERSION,
    },
    not_me::{link_write, undo_point_item, LinkWrite},
    outbox::outbox_item,
    tallies::Tally,
    DynamoStore, StoreError,
};

/// Expired tokens stay listed (as expired) this long before TTL deletes them.
const EXPIRED_TOKEN_SHOWN_SECONDS: u64 = 30 * 24 * 3600;

/// Writing the account aggregate.
#[derive(Debug, Clone)]
pub enum AccountWrite {
    /// A new account: fails if the id or the login exists.
    Create(Account),
    /// A changed account: fails unless the stored version is `expected`;
    /// stored as `expected + 1`.
    Update {
        /// The new state.
        account: Account,
        /// The version it was loaded at.
        expected: u64,
        /// True when the change gave it a new password hash: the login's
        /// item gets the copy in the same transaction.
        password_changed: bool,
    },
}

/// Writing a session.
#[derive(Debug, Clone)]
pub enum SessionWrite {
    /// A new session.
    Create(Session),
    /// A changed session (elevation, epoch): fails if it was deleted meanwhile.
    Replace(Session),
    /// Ending a session: fails if it is already gone, so a pending session is
    /// spent exactly once.
    Delete {
        /// Whose.
        user_id: UserId,
        /// Which.
        token_hash: TokenHash,
    },
}

/// Writing a personal access token.
#[derive(Debug, Clone)]
pub enum TokenWrite {
    /// A new token.
    Create(AccessToken),
    /// A changed token (description, methods, expiry): fails if it was
    /// deleted or regenerated meanwhile. Its record of last use is left as
    /// stored, so an edit never moves it back.
    Replace(AccessToken),
    /// Deleting a token: fails if it is already gone.
    Delete {
        /// Whose.
        user_id: UserId,
        /// Which.
        token_hash: TokenHash,
    },
}

/// A condition a change commits under, on an item it does not write.
#[derive(Debug, Clone)]
pub enum Check {
    /// The account is still at `version`: nothing changed it since it was
    /// read (its session epoch included). Failing is a conflict.
    AccountAt {
        /// Whose.
        user_id: UserId,
        /// The version it was read at.
        version: u64,
    },
    /// The session still exists (was not signed out by id). Failing is
    /// [`StoreError::SessionGone`].
    SessionExists {
        /// Whose.
        user_id: UserId,
        /// Which.
        token_hash: TokenHash,
    },
}

/// One atomic change.
#[derive(Debug, Clone, Default)]
pub struct Change {
    /// The account, if it changes.
    pub account: Option<AccountWrite>,
    /// Sessions created, changed or ended.
    pub sessions: Vec<SessionWrite>,
    /// Personal access tokens created, changed or deleted.
    pub tokens: Vec<TokenWrite>,
    /// Security-log entries recording the change.
    pub events: Vec<SecurityEvent>,
    /// Security-log entries counted once per window.
    pub tallies: Vec<Tally>,
    /// Conditions on items the change does not write.
    pub checks: Vec<Check>,
    /// Mails beside the notices of `events` (which are added by
    /// [`DynamoStore::commit`] itself): a code for a new address, a notice
    /// to a replaced address, a test.
    pub mails: Vec<OutboxMail>,
    /// Credentials a change takes away, kept while its notice's link lives.
    pub undo_points: Vec<UndoPoint>,
    /// Uses of "This wasn't me" links.
    pub links: Vec<LinkWrite>,
}

impl Change {
    /// A change of the account, recorded by `event`.
    pub fn account(account: Account, expected: u64) -> Self {
        Change {
            account: Some(AccountWrite::Update {
                account,
                expected,
                password_changed: false,
            }),
            ..Change::default()
        }
    }

    /// Adds a session write.
    pub fn session(mut self, write: SessionWrite) -> Self {
        self.sessions.push(write);
        self
    }

    /// Adds a token write.
    pub fn token(mut self, write: TokenWrite) -> Self {
        self.tokens.push(write);
        self
    }

    /// Adds a security-log entry.
    pub fn event(mut self, event: SecurityEvent) -> Self {
        self.events.push(event);
        self
    }

    /// Adds a mail to the outbox beside the events' own notices.
    pub fn mail(mut self, mail: OutboxMail) -> Self {
        self.mails.push(mail);
        self
    }

    /// Keeps what the change takes away, for its notice's link to put back.
    pub fn undo_point(mut self, point: Option<UndoPoint>) -> Self {
        self.undo_points.extend(point);
        self
    }

    /// Adds a use of a "This wasn't me" link.
    pub fn link(mut self, write: LinkWrite) -> Self {
        self.links.push(write);
        self
    }

    /// Adds an occurrence of an event counted once per window.
    pub fn tally(mut self, tally: Tally) -> Self {
        self.tallies.push(tally);
        self
    }

    /// Adds a condition on an item the change does not write.
    pub fn check(mut self, check: Check) -> Self {
        self.checks.push(check);
        self
    }

    /// This change and `other` as one (the account write is this one's,
    /// or else `other`'s).
    pub fn and(mut self, other: Change) -> Self {
        self.account = self.account.or(other.account);
        self.sessions.extend(other.sessions);
        self.tokens.extend(other.tokens);
        self.events.extend(other.events);
        self.tallies.extend(other.tallies);
        self.checks.extend(other.checks);
        self.mails.extend(other.mails);
        self.undo_points.extend(other.undo_points);
        self.links.extend(other.links);
        self
    }

    /// True when nothing would be written.
    pub fn is_empty(&self) -> bool {
        self.account.is_none()
            && self.sessions.is_empty()
            && self.tokens.is_empty()
            && self.events.is_empty()
            && self.mails.is_empty()
            && self.tallies.is_empty()
            && self.undo_points.is_empty()
            && self.links.is_empty()
    }
}

/// The writes of one transaction as they are gathered, and which of them
/// say what when they fail.
#[derive(Default)]
struct Writes {
    list: Vec<PendingWrite>,
    /// The login's put: failing, the login is taken.
    login: Option<usize>,
    /// The writes conditioned on a session: failing, it ended.
    sessions: Vec<usize>,
}

impl Writes {
    /// A new account (with its login) or a changed one at its version.
    fn account(&mut self, write: AccountWrite) -> Result<(), StoreError> {
        match write {
            AccountWrite::Create(account) => {
                let mut item = with_data(user_pk(&account.user_id), ACCOUNT_SK, &account)?;
                item.insert(VERSION.to_owned(), n(0));
                item.insert(LOGIN.to_owned(), s(account.login.as_str()));
                self.list.push(put(item, "attribute_not_exists(pk)", None));
                self.login = Some(self.list.len());
                self.list
                    .push(put(login_item(&account), "attribute_not_exists(pk)", None));
            }
            AccountWrite::Update {
                account,
                expected,
                password_changed,
            } => {
                let mut item = with_data(user_pk(&account.user_id), ACCOUNT_SK, &account)?;
                item.insert(VERSION.to_owned(), n(expected + 1));
                item.insert(LOGIN.to_owned(), s(account.login.as_str()));
                self.list.push(put(item, "#v = :expected", Some(expected)));
                if password_changed {
                    // The account's version condition above orders this copy
                    // with every other change of the password.
                    self.list
                        .push(put(login_item(&account), "attribute_exists(pk)", None));
                }
            }
        }
        Ok(())
    }

    /// A write that fails when its session is gone.
    fn on_session(&mut self, write: PendingWrite) {
        self.sessions.push(self.list.len());
        self.list.push(write);
    }

    /// A new item that must not exist yet.
    fn new_item(&mut self, item: Item) {
        self.list.push(put(item, "attribute_not_exists(pk)", None));
    }
}

impl DynamoStore {
    /// Applies `change` atomically: all of it or nothing. A failed condition
    /// (another request changed the account or spent the session first) is
    /// [`StoreError::Conflict`]; a taken login is [`StoreError::LoginTaken`].
    pub async fn commit(&self, mut change: Change) -> Result<(), StoreError> {
        let mut writes = Writes::default();
        if let Some(account) = change.account.take() {
            writes.account(account)?;
        }
        self.entity_writes(&mut writes, &change)?;
        self.outbox_writes(&mut writes, &change)?;
        for point in &change.undo_points {
            writes.new_item(undo_point_item(point));
        }
        for write in &change.links {
            writes.list.push(link_write(&self.table, write)?);
        }
        for event in &change.events {
            let mut item = with_data(
                user_pk(&event.user_id),
                event_sk(event.at, &event.id),
                event,
            )?;
            item.insert(TTL.to_owned(), n(event.at + self.event_retention));
            writes.new_item(item);
        }
        self.transact(writes).await
    }

    /// The sessions, tokens, tallies and conditions of `change`.
    fn entity_writes(&self, writes: &mut Writes, change: &Change) -> Result<(), StoreError> {
        for write in &change.sessions {
            match write {
                SessionWrite::Create(session) => writes.new_item(session_item(session)?),
                SessionWrite::Replace(session) => {
                    writes.on_session(put(session_item(session)?, "attribute_exists(pk)", None));
                }
                SessionWrite::Delete {
                    user_id,
                    token_hash,
                } => writes
                    .on_session(self.delete_existing(user_pk(user_id), session_sk(token_hash))?),
            }
        }
        for write in &change.tokens {
            writes.list.push(match write {
                TokenWrite::Create(token) => {
                    put(token_item(token)?, "attribute_not_exists(pk)", None)
                }
                TokenWrite::Replace(token) => self.replace_token(token)?,
                TokenWrite::Delete {
                    user_id,
                    token_hash,
                } => self.delete_existing(user_pk(user_id), token_sk(token_hash))?,
            });
        }
        for tally in &change.tallies {
            writes.list.push(self.tally_write(tally)?);
        }
        for check in &change.checks {
            match check {
                Check::AccountAt { user_id, version } => writes.list.push(self.condition(
                    user_pk(user_id),
                    ACCOUNT_SK.to_owned(),
                    Some(*version),
                )?),
                Check::SessionExists {
                    user_id,
                    token_hash,
                } => writes.on_session(self.condition(
                    user_pk(user_id),
                    session_sk(token_hash),
                    None,
                )?),
            }
        }
        Ok(())
    }

    /// The outbox items of `change`: each mailed event's notice (a tally's
    /// only for the first occurrence of its window) and its other mails.
    fn outbox_writes(&self, writes: &mut Writes, change: &Change) -> Result<(), StoreError> {
        let firsts = change
            .tallies
            .iter()
            .filter(|tally| tally.is_first())
            .map(|tally| &tally.event);
        for event in change.events.iter().chain(firsts) {
            if let Some(mail) = OutboxMail::for_event(event) {
                writes.new_item(outbox_item(&mail, event.at)?);
            }
        }
        for mail in &change.mails {
            let at = mail
                .id
                .split('#')
                .next()
                .and_then(|at| at.parse().ok())
                .unwrap_or(0);
            writes.new_item(outbox_item(mail, at)?);
        }
        Ok(())
    }

    /// Sends the transaction, and says what a refusal means.
    async fn transact(&self, writes: Writes) -> Result<(), StoreError> {
        let Writes {
            list,
            login,
            sessions,
        } = writes;
        let items = list
            .into_iter()
            .map(|w| w.with_table(&self.table))
            .collect::<Result<Vec<_>, _>>()?;
        if items.is_empty() {
            return Ok(());
        }
        self.client
            .transact_write_items()
            .set_transact_items(Some(items))
            // The SDK retries a request whose answer was lost (a time-out);
            // with the same token DynamoDB applies it at most once, so a
            // wrong code is not counted twice and a spent code is not refused
            // after its own success.
            .client_request_token(request_token())
            .send()
            .await
            .map(|_| ())
            .map_err(|e| classify(e, login, &sessions))
    }
}

impl DynamoStore {
    /// Rewriting a token's value and expiry, but not its last use, while it
    /// exists.
    fn replace_token(&self, token: &AccessToken) -> Result<PendingWrite, StoreError> {
        let item = token_item(token)?;
        let value = |name: &str| {
            item.get(name)
                .cloned()
                .ok_or_else(|| StoreError::Malformed(format!("token item without {name}")))
        };
        let update = Update::builder()
            .table_name(&self.table)
            .set_key(Some(key(
                user_pk(&token.user_id),
                token_sk(&token.token_hash),
            )))
            .update_expression("SET #data = :data, #ttl = :ttl")
            .condition_expression("attribute_exists(pk)")
            .expression_attribute_names("#data", DATA)
            .expression_attribute_names("#ttl", TTL)
            .expression_attribute_values(":data", value(DATA)?)
            .expression_attribute_values(":ttl", value(TTL)?)
            .build()
            .map_err(|e| StoreError::backend("TransactWriteItems", e))?;
        Ok(PendingWrite::Ready(Box::new(
            TransactWriteItem::builder().update(update).build(),
        )))
    }

    /// A condition on an item: that it exists, at `version` when given.
    fn condition(
        &self,
        pk: String,
        sk: String,
        version: Option<u64>,
    ) -> Result<PendingWrite, StoreError> {
        let mut check = ConditionCheck::builder()
            .table_name(&self.table)
            .set_key(Some(key(pk, sk)));
        check = match version {
            Some(version) => check
                .condition_expression("#v = :expected")
                .expression_attribute_names("#v", VERSION)
                .expression_attribute_values(":expected", n(version)),
            None => check.condition_expression("attribute_exists(pk)"),
        };
        let check = check
            .build()
            .map_err(|e| StoreError::backend("TransactWriteItems", e))?;
        Ok(PendingWrite::Ready(Box::new(
            TransactWriteItem::builder().condition_check(check).build(),
        )))
    }

    /// Deleting an item that must still exist.
    fn delete_existing(&self, pk: String, sk: String) -> Result<PendingWrite, StoreError> {
        let delete = Delete::builder()
            .table_name(&self.table)
            .set_key(Some(key(pk, sk)))
            .condition_expression("attribute_exists(pk)")
            .build()
            .map_err(|e| StoreError::backend("TransactWriteItems", e))?;
        Ok(PendingWrite::Ready(Box::new(
            TransactWriteItem::builder().delete(delete).build(),
        )))
    }
}

/// A login's item: whose it is, and the copy of the account's password
/// hash SignIn checks while it reads the account.
fn login_item(account: &Account) -> Item {
    let mut login = key(login_pk(&account.login), LOGIN_SK);
    login.insert(USER_ID.to_owned(), s(account.user_id.as_str()));
    login.insert(
        PASSWORD_HASH.to_owned(),
        s(account.password_hash.as_stored()),
    );
    login
}

fn session_item(session: &Session) -> Result<Item, StoreError> {
    let mut item = with_data(
        user_pk(&session.user_id),
        session_sk(&session.token_hash),
        session,
    )?;
    item.insert(TTL.to_owned(), n(session.expires_at));
    if let Some(last_seen) = session.last_seen {
        item.insert(LAST_USED.to_owned(), n(last_seen));
    }
    Ok(item)
}

fn token_item(token: &AccessToken) -> Result<Item, StoreError> {
    let mut item = with_data(user_pk(&token.user_id), token_sk(&token.token_hash), token)?;
    item.insert(
        TTL.to_owned(),
        n(token.expires_at.saturating_add(EXPIRED_TOKEN_SHOWN_SECONDS)),
    );
    if let Some(last_used) = token.last_used {
        item.insert(LAST_USED.to_owned(), n(last_used));
    }
    if let Some(ip) = &token.last_used_ip {
        item.insert(LAST_USED_IP.to_owned(), s(ip.as_str()));
    }
    Ok(item)
}

/// A write still missing its table name (the builder needs it up front).
pub(crate) enum PendingWrite {
    Put {
        item: Item,
        condition: &'static str,
        expected: Option<u64>,
    },
    Ready(Box<TransactWriteItem>),
}

impl PendingWrite {
    fn with_table(self, table: &str) -> Result<TransactWriteItem, StoreError> {
        match self {
            PendingWrite::Ready(write) => Ok(*write),
            PendingWrite::Put {
                item,
                condition,
                expected,
            } => {
                let mut builder = Put::builder()
                    .table_name(table)
                    .set_item(Some(item))
                    .condition_expression(condition);
                if let Some(version) = expected {
                    builder = builder
                        .expression_attribute_names("#v", VERSION)
                        .expression_attribute_values(":expected", n(version));
                }
                let put = builder
                    .build()
                    .map_err(|e| StoreError::backend("TransactWriteItems", e))?;
                Ok(TransactWriteItem::builder().put(put).build())
            }
        }
    }
}

fn put(item: Item, condition: &'static str, expected: Option<u64>) -> PendingWrite {
    PendingWrite::Put {
        item,
        condition,
        expected,
    }
}

/// Maps a cancelled transaction to what failed, from its cancellation
/// reasons: a taken login, a session already ended, a condition another
/// request broke first (a conflict: reload and re-apply), or a transaction
/// that collided with another (also a conflict). Reasons that are none of
/// these (throttling, validation) are never re-applied: unavailable or a
/// backend error.
fn classify(
    error: SdkError<TransactWriteItemsError>,
    login_write: Option<usize>,
    session_conditions: &[usize],
) -> StoreError {
    if let SdkError::ServiceError(service) = &error {
        if let TransactWriteItemsError::TransactionCanceledException(cancelled) = service.err() {
            let reasons = cancelled.cancellation_reasons();
            let is = |i: usize, code: &str| {
                reasons
                    .get(i)
                    .and_then(|r| r.code())
                    .is_some_and(|c| c == code)
            };
            let condition_failed = |i: usize| is(i, "ConditionalCheckFailed");
            if login_write.is_some_and(condition_failed) {
                return StoreError::LoginTaken;
            }
            if session_conditions.iter().any(|&i| condition_failed(i)) {
                return StoreError::SessionGone;
            }
            let any = |code: &str| (0..reasons.len()).any(|i| is(i, code));
            if any("ConditionalCheckFailed") || any("TransactionConflict") {
                return StoreError::Conflict;
            }
            let throttled = any("ThrottlingError") || any("ProvisionedThroughputExceeded");
            let message = describe_reasons(reasons);
            return if throttled {
                StoreError::Unavailable {
                    operation: "TransactWriteItems",
                    message,
                }
            } else {
                StoreError::Backend {
                    operation: "TransactWriteItems",
                    message,
                }
            };
        }
    }
    StoreError::sdk("TransactWriteItems", error)
}

/// The cancellation reasons' codes, for the log (never the items).
fn describe_reasons(reasons: &[aws_sdk_dynamodb::types::CancellationReason]) -> String {
    let codes: Vec<&str> = reasons.iter().map(|r| r.code().unwrap_or("None")).collect();
    format!("transaction cancelled: {}", codes.join(", "))
}

/// A fresh idempotency token for one transaction (36 characters; DynamoDB
/// takes 1 to 36). Each re-application after a conflict is a new
/// transaction and gets a new token; only the SDK's retries of the same
/// request share one.
fn request_token() -> String {
    format!("{:032x}", rand::random::<u128>())
}
