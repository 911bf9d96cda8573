//! Encrypting and decrypting as bytes flow: a reader that encrypts a file record by record for
//! an upload, and an opener that decrypts records as a download brings them, from any record on.

use std::io::{self, Read};
use std::sync::Arc;

use super::format::{Header, Keys, Refused, Secret, RECORD_PLAINTEXT, RECORD_SIZE, TAG_LEN};

/// Encrypts what it reads from `inner`: the header, then each record as soon as its plaintext is
/// in. It reads one record ahead, to know which record is the last, so memory stays at three
/// records whatever the file's size.
pub struct SealingReader<R> {
    inner: R,
    keys: Keys,
    /// The next record's index.
    index: u64,
    /// Ciphertext ready to be read, and how much of it was.
    ready: Vec<u8>,
    taken: usize,
    /// The plaintext of the record after the one sealed last, read ahead.
    ahead: Option<Vec<u8>>,
    /// The last record is sealed.
    done: bool,
}

impl<R: Read> SealingReader<R> {
    /// A reader of `inner`'s bytes encrypted under `secret`, with a fresh header.
    pub fn new(inner: R, secret: &Secret) -> SealingReader<R> {
        let header = Header::generate();
        SealingReader {
            inner,
            keys: Keys::derive(secret, &header.salt),
            index: 0,
            ready: header.encode(),
            taken: 0,
            ahead: None,
            done: false,
        }
    }

    /// One record's plaintext: [`RECORD_PLAINTEXT`] bytes, fewer only at the end.
    fn read_record(&mut self) -> io::Result<Vec<u8>> {
        let mut plaintext = Vec::with_capacity(RECORD_PLAINTEXT);
        (&mut self.inner)
            .take(RECORD_PLAINTEXT as u64)
            .read_to_end(&mut plaintext)?;
        Ok(plaintext)
    }

    /// Seals the next record into `ready`.
    fn seal_next(&mut self) -> io::Result<()> {
        let plaintext = match self.ahead.take() {
            Some(plaintext) => plaintext,
            None => self.read_record()?,
        };
        let last = if plaintext.len() < RECORD_PLAINTEXT {
            true
        } else {
            let next = self.read_record()?;
            let last = next.is_empty();
            self.ahead = (!last).then_some(next);
            last
        };
        self.ready = self.keys.seal(self.index, &plaintext, last);
        self.taken = 0;
        self.index += 1;
        self.done = last;
        Ok(())
    }
}

impl<R: Read> Read for SealingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.taken == self.ready.len() {
            if self.done {
                return Ok(0);
            }
            self.seal_next()?;
        }
        let n = buf.len().min(self.ready.len() - self.taken);
        buf[..n].copy_from_slice(&self.ready[self.taken..self.taken + n]);
        self.taken += n;
        Ok(n)
    }
}

/// Decrypts records as their bytes arrive, from record `first` on, of a body of `body_len` bytes
/// whose records start at `records_start` (after the header). It knows from the sizes which
/// record is the last, so a body cut short or grown is refused, and it allows no padding, so
/// record `i`'s plaintext always starts at `i × (record size − 17)`.
pub struct RecordOpener {
    keys: Arc<Keys>,
    record_size: usize,
    next: u64,
    last: u64,
    last_len: usize,
    pending: Vec<u8>,
}

impl RecordOpener {
    /// An opener of records `first..` of a body laid out as described; only s3share's
    /// [`RECORD_SIZE`], so that no sender chooses the size of the record buffer.
    pub fn new(
        keys: Arc<Keys>,
        record_size: u32,
        records_start: u64,
        body_len: u64,
        first: u64,
    ) -> Result<RecordOpener, Refused> {
        if record_size != RECORD_SIZE {
            return Err(Refused::Header);
        }
        let record_size = record_size as usize;
        let records_len = body_len
            .checked_sub(records_start)
            .filter(|&len| len > TAG_LEN as u64)
            .ok_or(Refused::Layout(0))?;
        let count = records_len.div_ceil(record_size as u64);
        let last_len = usize::try_from(records_len - (count - 1) * record_size as u64)
            .expect("a record fits in memory");
        if last_len <= TAG_LEN {
            return Err(Refused::Layout(count - 1));
        }
        Ok(RecordOpener {
            keys,
            record_size,
            next: first,
            last: count - 1,
            last_len,
            pending: Vec::with_capacity(record_size),
        })
    }

    /// Decrypts every record `bytes` completes, appending its plaintext to `out`.
    pub fn push(&mut self, mut bytes: &[u8], out: &mut Vec<u8>) -> Result<(), Refused> {
        while !bytes.is_empty() {
            if self.next > self.last {
                return Err(Refused::Layout(self.next));
            }
            let want = self.record_len() - self.pending.len();
            let take = want.min(bytes.len());
            self.pending.extend_from_slice(&bytes[..take]);
            bytes = &bytes[take..];
            if self.pending.len() == self.record_len() {
                self.open_pending(out)?;
            }
        }
        Ok(())
    }

    /// Ends the stream where record `end` begins (the whole body: one past the last record);
    /// refuses a record left incomplete or records missing before `end`.
    pub fn finish(self, end: u64) -> Result<(), Refused> {
        if !self.pending.is_empty() || self.next != end {
            return Err(Refused::Layout(self.next));
        }
        Ok(())
    }

    /// How many records the body has.
    pub fn record_count(&self) -> u64 {
        self.last + 1
    }

    /// Bytes of the record being collected.
    fn record_len(&self) -> usize {
        if self.next == self.last {
            self.last_len
        } else {
            self.record_size
        }
    }

    fn open_pending(&mut self, out: &mut Vec<u8>) -> Result<(), Refused> {
        let last = self.next == self.last;
        let plaintext = self.keys.open(self.next, &self.pending, last)?;
        if plaintext.len() != self.pending.len() - TAG_LEN - 1 {
            // Padding: allowed by the RFC, never written by s3share, and it would move every
            // later record's place in the file.
            return Err(Refused::Layout(self.next));
        }
        out.extend_from_slice(&plaintext);
        self.pending.clear();
        self.next += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::format::{ciphertext_len, decrypt};
    use super::*;

    fn sealed(plaintext: &[u8], secret: &Secret) -> Vec<u8> {
        let mut body = Vec::new();
        SealingReader::new(plaintext, secret)
            .read_to_end(&mut body)
            .unwrap();
        body
    }

    #[test]
    fn the_reader_writes_the_format_at_every_boundary() {
        let secret = Secret::generate();
        let n = RECORD_PLAINTEXT;
        for len in [0, 1, n - 1, n, n + 1, 2 * n, 2 * n + 1] {
            let plaintext: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            let body = sealed(&plaintext, &secret);
            assert_eq!(Some(body.len() as u64), ciphertext_len(len as u64), "{len}");
            assert_eq!(decrypt(&secret, &body).unwrap(), plaintext, "{len}");
        }
    }

    fn opener(secret: &Secret, body: &[u8], first: u64) -> RecordOpener {
        let (header, start) = Header::parse(body).unwrap();
        let keys = Arc::new(Keys::derive(secret, &header.salt));
        RecordOpener::new(
            keys,
            header.record_size,
            start as u64,
            body.len() as u64,
            first,
        )
        .unwrap()
    }

    #[test]
    fn the_opener_decrypts_in_any_pieces_and_from_any_record() {
        let secret = Secret::generate();
        let plaintext: Vec<u8> = (0..3 * RECORD_PLAINTEXT + 5)
            .map(|i| (i % 7) as u8)
            .collect();
        let body = sealed(&plaintext, &secret);
        let mut whole = opener(&secret, &body, 0);
        let mut out = Vec::new();
        for piece in body[21..].chunks(1000) {
            whole.push(piece, &mut out).unwrap();
        }
        assert_eq!(whole.record_count(), 4);
        whole.finish(4).unwrap();
        assert_eq!(out, plaintext);

        let mut from_two = opener(&secret, &body, 2);
        let mut out = Vec::new();
        let start = 21 + 2 * RECORD_SIZE as usize;
        from_two.push(&body[start..], &mut out).unwrap();
        from_two.finish(4).unwrap();
        assert_eq!(out, plaintext[2 * RECORD_PLAINTEXT..]);
    }

    #[test]
    fn the_opener_refuses_bodies_cut_short_or_grown() {
        let secret = Secret::generate();
        let body = sealed(&[1; 2 * RECORD_PLAINTEXT], &secret);
        let mut out = Vec::new();
        // Cut inside the last record: the opener expects its full length and never gets it.
        let mut cut = opener(&secret, &body, 0);
        cut.push(&body[21..body.len() - 1], &mut out).unwrap();
        assert!(cut.finish(2).is_err());
        // A byte more than the body holds.
        let mut grown = opener(&secret, &body, 0);
        let mut longer = body[21..].to_vec();
        longer.push(0);
        assert!(grown.push(&longer, &mut out).is_err());
        // A body whose size leaves a last record too short to be one.
        let (header, start) = Header::parse(&body).unwrap();
        let keys = Arc::new(Keys::derive(&secret, &header.salt));
        let short = (start + RECORD_SIZE as usize + 5) as u64;
        assert!(RecordOpener::new(keys, header.record_size, start as u64, short, 0).is_err());
    }

    #[test]
    fn the_opener_refuses_absurd_sizes_without_allocating_them() {
        let keys = Arc::new(Keys::derive(&Secret::generate(), &[0; 16]));
        for record_size in [u32::MAX, RECORD_SIZE * 2, 4096] {
            assert_eq!(
                RecordOpener::new(keys.clone(), record_size, 21, 1 << 20, 0).err(),
                Some(Refused::Header),
                "{record_size}"
            );
        }
        // A body as large as a u64 holds: laid out without overflow, and its records refused
        // one by one as they come, never collected past one record.
        let mut huge = RecordOpener::new(keys.clone(), RECORD_SIZE, 21, u64::MAX, 0).unwrap();
        assert_eq!(
            huge.record_count(),
            (u64::MAX - 21).div_ceil(u64::from(RECORD_SIZE))
        );
        let mut out = Vec::new();
        assert_eq!(
            huge.push(&[0; RECORD_SIZE as usize], &mut out),
            Err(Refused::Record(0))
        );
        assert!(RecordOpener::new(keys.clone(), RECORD_SIZE, u64::MAX, 21, 0).is_err());
        let from_far =
            RecordOpener::new(keys, RECORD_SIZE, 21, 21 + u64::from(RECORD_SIZE), u64::MAX);
        assert!(from_far.unwrap().push(&[0], &mut out).is_err());
    }
}
