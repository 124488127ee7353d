//! Security-log entries as the domain makes them.

use serde::{Deserialize, Serialize};
use twofold_api::events::EventKind;

use crate::{ids::UserId, SecureRng};

/// Where a request came from, for the security log.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientInfo {
    /// Network address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    /// User-Agent, shortened to 200 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
}

impl ClientInfo {
    /// Longest User-Agent kept.
    pub const MAX_USER_AGENT: usize = 200;

    /// Client information, with the User-Agent cut to a sane length.
    pub fn new(ip: Option<String>, user_agent: Option<&str>) -> Self {
        let user_agent = user_agent.map(|ua| {
            ua.chars()
                .filter(|c| !c.is_control())
                .take(Self::MAX_USER_AGENT)
                .collect()
        });
        ClientInfo { ip, user_agent }
    }
}

/// One security-log entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SecurityEvent {
    /// Whose log it belongs to.
    pub user_id: UserId,
    /// When, in seconds since the epoch.
    pub at: u64,
    /// Orders events of the same second and makes keys unique: the
    /// nanoseconds into the second when the event was made (nine digits),
    /// then random bits.
    pub id: String,
    /// What happened.
    pub kind: EventKind,
    /// Where the request came from.
    #[serde(flatten)]
    pub client: ClientInfo,
    /// Unused recovery codes after the event, where it changed them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery_codes_left: Option<u32>,
    /// The personal access token(s) concerned, by description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// How many tokens were deleted or sessions ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// For an operator's change: who ran the command (an AWS identity's
    /// ARN, or the operating-system user).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    /// When its notice was mailed: kept beside the entry by the deliverer
    /// (never in the entry's data), read back with it.
    #[serde(skip)]
    pub mailed_at: Option<u64>,
}

impl SecurityEvent {
    /// A new entry, made `subsec_nanos` into the second `at`. The log lists
    /// events newest first, and one call often writes several in the same
    /// second, so the sub-second time keeps them in the order they happened.
    pub fn new(
        user_id: &UserId,
        at: u64,
        subsec_nanos: u32,
        kind: EventKind,
        client: &ClientInfo,
        rng: &mut impl SecureRng,
    ) -> Self {
        SecurityEvent {
            user_id: user_id.clone(),
            at,
            id: format!("{:09}{:08x}", subsec_nanos.min(999_999_999), rng.next_u32()),
            kind,
            client: client.clone(),
            recovery_codes_left: None,
            description: None,
            count: None,
            operator: None,
            mailed_at: None,
        }
    }

    /// The entry naming the operator who made the change.
    pub fn by_operator(mut self, operator: impl Into<String>) -> Self {
        self.operator = Some(operator.into());
        self
    }

    /// The entry naming the token(s) it concerns, by description.
    pub fn with_description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// The entry with how many tokens or sessions it concerns.
    pub fn with_count(mut self, count: u32) -> Self {
        self.count = Some(count);
        self
    }

    /// The entry with the count of unused recovery codes.
    pub fn with_codes_left(mut self, left: u32) -> Self {
        self.recovery_codes_left = Some(left);
        self
    }
}

#[cfg(test)]
mod tests {
    use rand::{rngs::StdRng, SeedableRng};

    use super::*;

    #[test]
    fn events_of_one_second_sort_by_when_they_were_made_not_by_chance() {
        let mut rng = StdRng::seed_from_u64(3);
        let user = UserId::generate(&mut rng);
        let client = ClientInfo::default();
        let ids: Vec<String> = [5, 40, 999_999_999, 1_000, 2_000_000]
            .iter()
            .map(|&nanos| {
                SecurityEvent::new(&user, 7, nanos, EventKind::SignedOut, &client, &mut rng).id
            })
            .collect();
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(
            sorted,
            [&ids[0], &ids[1], &ids[3], &ids[4], &ids[2]].map(String::clone)
        );
    }

    #[test]
    fn user_agents_are_cut_to_200_characters_without_control_characters() {
        let client = ClientInfo::new(None, Some(&format!("a\nb{}", "x".repeat(500))));
        let ua = client.user_agent.unwrap();
        assert_eq!(ua.chars().count(), 200);
        assert!(ua.starts_with("abx"));
    }
}
