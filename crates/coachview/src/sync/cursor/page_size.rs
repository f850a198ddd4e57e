//! The page size the server really uses, learned from the pages it gives: `take` until a short
//! page (confirmed, or against a count) proves a smaller cap.

/// The page size the server really uses: `take` until a short page proved a smaller cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageSize {
    take: u64,
    learned: Option<u64>,
    confirming: Option<u64>,
    /// A full page of `take` rows was seen: the server's cap is not below `take`.
    full_seen: bool,
}

/// What a page means for the paging.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageEnd {
    /// The last page of the window: nothing more to ask.
    Last,
    /// More rows may follow.
    More,
}

impl PageSize {
    /// Asks `take`; `known` is the largest page the server is known to give (probe or an
    /// earlier window; `>= take` means no cap below `take`).
    pub fn new(take: u64, known: Option<u64>) -> PageSize {
        let take = take.max(1);
        PageSize {
            take,
            learned: known.filter(|k| *k > 0 && *k < take),
            confirming: None,
            full_seen: known.is_some_and(|k| k >= take),
        }
    }

    /// The cap proven so far (smaller than `take`), if any.
    pub fn learned(&self) -> Option<u64> {
        self.learned
    }

    /// What is known of the server's page size, to keep: the cap, or `take` when full pages
    /// came back.
    pub fn known(&self) -> Option<u64> {
        self.learned.or(self.full_seen.then_some(self.take))
    }

    /// The most rows a page is known to hold: the learned cap, else `take`.
    pub fn limit(&self) -> u64 {
        self.learned.unwrap_or(self.take)
    }

    /// The `take` to send.
    pub fn take(&self) -> u64 {
        self.take
    }

    /// Decides after a page of `n` rows. `more_expected`: a count says more rows exist
    /// (`Some(true)`), none (`Some(false)`), or nothing is known (`None`: then a short page
    /// costs one confirming request).
    pub fn after_page(&mut self, n: u64, more_expected: Option<bool>) -> PageEnd {
        if let Some(c) = self.confirming.take() {
            if n == 0 {
                return PageEnd::Last;
            }
            self.learned = Some(c);
        }
        if n == 0 {
            return PageEnd::Last;
        }
        let limit = self.learned.unwrap_or(self.take);
        if n >= limit {
            self.full_seen |= n >= self.take;
            return PageEnd::More;
        }
        if self.learned.is_some() || self.full_seen {
            if more_expected == Some(true) {
                // A count says more: this resource (or flag set) pages smaller than the size
                // known so far; a short page does not end the window.
                self.learned = Some(n);
                return PageEnd::More;
            }
            return PageEnd::Last;
        }
        match more_expected {
            Some(true) => {
                self.learned = Some(n);
                PageEnd::More
            }
            Some(false) => PageEnd::Last,
            None => {
                self.confirming = Some(n);
                PageEnd::More
            }
        }
    }
}
