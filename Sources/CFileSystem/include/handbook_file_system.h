// System calls Swift's Glibc module does not import: the swap of two paths in one step.
#ifndef HANDBOOK_FILE_SYSTEM_H
#define HANDBOOK_FILE_SYSTEM_H

/// Swaps two paths atomically (Linux renameat2 with RENAME_EXCHANGE, macOS renamex_np with
/// RENAME_SWAP). Returns 0, or -1 with errno set; EINVAL or ENOSYS where the file system or
/// kernel cannot.
int handbook_exchange_paths(const char *first, const char *second);

/// Renames `from` to `to` only if `to` does not exist (RENAME_NOREPLACE / RENAME_EXCL).
/// Returns 0, or -1 with errno set (EEXIST when `to` exists).
int handbook_rename_no_replace(const char *from, const char *to);

#endif
