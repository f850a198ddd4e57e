//! Free space of the export's folder, checked before anything is written (where the platform
//! says it cheaply): an export into a full folder fails at once with "the disk is full" instead
//! of after minutes of work. The writers still handle a disk that fills up while they write.

use std::path::Path;

/// Less free space than this and an export does not start.
pub(super) const MIN_FREE: u64 = 1024 * 1024;

/// The bytes free for this user in the folder of `target`, when the platform tells.
#[cfg(unix)]
pub(super) fn free_bytes(target: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let c_path = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    let mut stat = std::mem::MaybeUninit::<libc::statvfs>::uninit();
    // SAFETY: `c_path` is a NUL-terminated path and `stat` is written by statvfs on success.
    let rc = unsafe { libc::statvfs(c_path.as_ptr(), stat.as_mut_ptr()) };
    if rc != 0 {
        return None;
    }
    // SAFETY: statvfs returned 0, so it filled `stat`.
    let stat = unsafe { stat.assume_init() };
    #[allow(clippy::unnecessary_cast)] // the field types differ between platforms
    Some((stat.f_bavail as u64).saturating_mul(stat.f_frsize as u64))
}

/// The bytes free in the folder of `target`: not known on this platform.
#[cfg(not(unix))]
pub(super) fn free_bytes(_target: &Path) -> Option<u64> {
    None
}

/// `Err(DiskFull)` when the folder of `target` has less than `need` bytes free (at least
/// [`MIN_FREE`]); unknown free space passes.
pub(super) fn check(target: &Path, need: u64) -> Result<(), super::ExportError> {
    match free_bytes(target) {
        Some(free) if free < need.max(MIN_FREE) => Err(super::ExportError::DiskFull {
            path: target.to_path_buf(),
        }),
        _ => Ok(()),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_folder_without_the_space_asked_is_full_and_an_unknown_one_passes() {
        let target = std::env::temp_dir().join("x.csv");
        assert!(free_bytes(&target).is_some());
        assert!(matches!(
            check(&target, u64::MAX),
            Err(crate::export::ExportError::DiskFull { .. })
        ));
        assert!(check(Path::new("/does/not/exist/x.csv"), u64::MAX).is_ok());
    }
}
