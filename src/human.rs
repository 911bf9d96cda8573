//! Sizes for people, one way everywhere: the terminal, the pages s3share writes, and their
//! scripts (`humanSize` in `pages/request.js` follows the same rule).

/// Bytes in binary units with at most one decimal, a whole number without one: `10 B`,
/// `1.5 KiB`, `5 GiB`. Rounding that reaches 1024 moves up a unit (`1023.96 KiB` is `1 MiB`).
pub fn size(bytes: u64) -> String {
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    const UNITS: [&str; 6] = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    let mut tenths = (value * 10.0).round();
    if tenths >= 10240.0 && unit < UNITS.len() - 1 {
        tenths = (tenths / 1024.0).round();
        unit += 1;
    }
    if tenths % 10.0 == 0.0 {
        format!("{} {}", tenths / 10.0, UNITS[unit])
    } else {
        format!("{:.1} {}", tenths / 10.0, UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_the_pages_show_them() {
        assert_eq!(size(0), "0 B");
        assert_eq!(size(1023), "1023 B");
        assert_eq!(size(1024), "1 KiB");
        assert_eq!(size(1536), "1.5 KiB");
        assert_eq!(size(5 * 1024 * 1024 * 1024), "5 GiB");
        assert_eq!(size(1024 * 1024 - 1), "1 MiB");
        assert_eq!(size(u64::MAX), "16 EiB");
    }
}
