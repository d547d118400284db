import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One entry of a folder, as readdir lists it.
package struct DirectoryEntry {
    /// What the entry is, links followed or not.
    package enum Kind { case folder, file, other }
    /// Its name in the folder.
    package var name: String
    /// Folder, regular file, or anything else.
    package var kind: Kind

    /// The entries of the folder at `path`, without `.` and `..`; nil when it cannot be read.
    /// readdir's entry types spare a stat per entry: one is made only where the file system
    /// gives no type, and, with `followingLinks`, for symbolic links (which then count as what
    /// they point at).
    package static func list(_ path: String, followingLinks: Bool) -> [DirectoryEntry]? {
        guard let handle = opendir(path) else { return nil }
        defer { closedir(handle) }
        var entries: [DirectoryEntry] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            var type = Int32(entry.pointee.d_type)
            if type == Int32(DT_UNKNOWN) || (followingLinks && type == Int32(DT_LNK)) {
                var info = stat()
                let found = followingLinks ? stat(path + "/" + name, &info) : lstat(path + "/" + name, &info)
                guard found == 0 else { continue }
                let mode = info.st_mode & S_IFMT
                type = mode == S_IFDIR ? Int32(DT_DIR) : (mode == S_IFREG ? Int32(DT_REG) : 0)
            }
            let kind: Kind = type == Int32(DT_DIR) ? .folder : (type == Int32(DT_REG) ? .file : .other)
            entries.append(DirectoryEntry(name: name, kind: kind))
        }
        return entries
    }
}
