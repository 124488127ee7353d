//! What the Security Log tab does: pages of the log as the filter shows
//! them, and their export. Signals only, shared by the tab and its
//! controls.

use leptos::prelude::*;
use leptos::task::spawn_local;
use twofold_api::events::Event;
use twofold_api::limits::MAX_EVENTS_PER_PAGE;

use crate::api;
use crate::browser;
use crate::logic::dates::{self, Local};
use crate::logic::log_export::{self, ExportFormat};
use crate::logic::messages::{self, failure_message, Attempt};
use crate::logic::security_log::LogFilter;
use crate::state::{AppState, Tone};

/// Entries per page on screen.
const PAGE: u32 = 25;

/// At most this many pages are read for one export (10,000 entries, far
/// beyond what the server keeps of a log).
const EXPORT_PAGES: u32 = 100;

/// The tab's signals: the entries read, where the next page starts, what
/// runs and what failed.
#[derive(Debug, Clone, Copy)]
pub struct LogFlows {
    state: AppState,
    /// What the filter shows.
    pub filter: RwSignal<LogFilter>,
    /// The entries read, newest first.
    pub events: RwSignal<Vec<Event>>,
    /// Where the next page starts; `None` once the log is read to its end.
    pub next: RwSignal<Option<String>>,
    /// True while a page shown on screen loads.
    pub busy: RwSignal<bool>,
    /// The export running, if one is.
    pub exporting: RwSignal<Option<ExportFormat>>,
    /// True once the first page has answered.
    pub loaded: RwSignal<bool>,
    /// Why the last call failed.
    pub error: RwSignal<Option<String>>,
    /// Bumped by each new filter: pages asked for an earlier one are
    /// dropped when they arrive.
    generation: RwSignal<u32>,
}

impl LogFlows {
    /// Every entry, the first page loading.
    pub fn new(state: AppState) -> Self {
        let flows = LogFlows {
            state,
            filter: RwSignal::new(LogFilter::All),
            events: RwSignal::new(Vec::new()),
            next: RwSignal::new(None),
            busy: RwSignal::new(false),
            exporting: RwSignal::new(None),
            loaded: RwSignal::new(false),
            error: RwSignal::new(None),
            generation: RwSignal::new(0),
        };
        flows.show(LogFilter::All);
        flows
    }

    /// Shows what `filter` shows, from its newest entry.
    pub fn show(self, filter: LogFilter) {
        self.generation.update(|g| *g += 1);
        self.filter.set(filter);
        self.events.set(Vec::new());
        self.next.set(None);
        self.loaded.set(false);
        self.load(None);
    }

    /// Shows the next page (not while an export reads the pages).
    pub fn load_older(self) {
        if self.exporting.get_untracked().is_some() {
            return;
        }
        if let Some(after) = self.next.get_untracked() {
            self.load(Some(after));
        }
    }

    fn load(self, after: Option<String>) {
        let generation = self.generation.get_untracked();
        let kinds = self.filter.get_untracked().kinds();
        self.busy.set(true);
        self.error.set(None);
        spawn_local(async move {
            let answer = api::get_events(PAGE, after, kinds).await;
            if self.generation.get_untracked() != generation {
                return;
            }
            self.busy.set(false);
            self.loaded.set(true);
            match answer {
                Ok(page) => {
                    self.events.update(|all| all.extend(page.events));
                    self.next.set(page.next);
                }
                Err(failure) => self.failed(&failure),
            }
        });
    }

    /// Reads every page the filter shows that is not read yet (they show
    /// too), then saves them all as a file in `format`.
    pub fn export(self, format: ExportFormat) {
        if self.exporting.get_untracked().is_some() || self.busy.get_untracked() {
            return;
        }
        let generation = self.generation.get_untracked();
        let kinds = self.filter.get_untracked().kinds();
        self.exporting.set(Some(format));
        self.error.set(None);
        spawn_local(async move {
            let mut pages = 0;
            while let Some(after) = self.next.get_untracked().filter(|_| pages < EXPORT_PAGES) {
                pages += 1;
                let answer = api::get_events(MAX_EVENTS_PER_PAGE, Some(after), kinds.clone()).await;
                if self.generation.get_untracked() != generation {
                    break;
                }
                match answer {
                    Ok(page) => {
                        self.events.update(|all| all.extend(page.events));
                        self.next.set(page.next);
                    }
                    Err(failure) => {
                        self.exporting.set(None);
                        return self.failed(&failure);
                    }
                }
            }
            self.exporting.set(None);
            if self.generation.get_untracked() == generation {
                self.save(format);
            }
        });
    }

    fn save(self, format: ExportFormat) {
        let day = dates::iso_date_in(browser::now_secs(), &Local);
        let name = log_export::file_name(&self.state.login(), &day, format);
        let text = self
            .events
            .with_untracked(|events| log_export::export(events, format));
        if browser::download_text(&name, &text) {
            self.state
                .show_notice(Tone::Success, messages::downloaded(&name));
        } else {
            self.error.set(Some(messages::LOG_DOWNLOAD_FAILED.into()));
        }
    }

    fn failed(self, failure: &api::Failure) {
        self.busy.set(false);
        if !self.state.handle_session_failure(failure) {
            self.error
                .set(Some(failure_message(Attempt::Other, failure)));
        }
    }
}
