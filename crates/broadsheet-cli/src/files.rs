//! Permissions of the files the command writes (`--mode`).
//!
//! Without `--mode`, `convert` writes a new file readable and writable by its owner only
//! (0600: a site holds private data, e-mails and IPs) and a replaced file keeps its
//! permissions; `tables` writes Parquet files as the operating system creates them (0666
//! less the umask, usually 0644). `--mode` sets the permissions of every regular file the
//! command wrote, after it is written. Files written through (a FIFO, a device) and standard
//! output are left as they are.

use crate::error::CliError;
use std::path::Path;

/// Reads `--mode`: permission bits in octal (`644`, `0644`, `0o600`), at most `7777`.
pub fn parse_mode(text: &str) -> Result<u32, String> {
    let digits = text
        .strip_prefix("0o")
        .or_else(|| text.strip_prefix("0O"))
        .unwrap_or(text);
    if digits.is_empty() || !digits.chars().all(|c| ('0'..='7').contains(&c)) {
        return Err(format!(
            "{text:?} is not an octal mode: expected digits 0 to 7, like 644 or 0600"
        ));
    }
    match u32::from_str_radix(digits, 8) {
        Ok(mode) if mode <= 0o7777 => Ok(mode),
        _ => Err(format!("{text:?} is out of range: a mode is at most 7777")),
    }
}

/// Gives the regular file at `path` the permission bits `mode` (nothing for `None`, for a
/// file that is not regular, or off Unix, where modes do not exist).
pub fn apply_mode(path: &Path, mode: Option<u32>) -> Result<(), CliError> {
    let Some(mode) = mode else { return Ok(()) };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let is_file = std::fs::metadata(path).is_ok_and(|meta| meta.is_file());
        if is_file {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).map_err(
                |error| {
                    CliError::Output(format!(
                        "cannot set the mode of {} to {mode:o}: {error}",
                        path.display()
                    ))
                },
            )?;
        }
    }
    #[cfg(not(unix))]
    let _ = (path, mode);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_are_octal() {
        assert_eq!(parse_mode("644"), Ok(0o644));
        assert_eq!(parse_mode("0600"), Ok(0o600));
        assert_eq!(parse_mode("0o755"), Ok(0o755));
        assert_eq!(parse_mode("7777"), Ok(0o7777));
        for bad in ["", "0o", "rw-r--r--", "689", "-644", "17777", "u+x"] {
            assert!(parse_mode(bad).is_err(), "{bad}");
        }
    }
}
