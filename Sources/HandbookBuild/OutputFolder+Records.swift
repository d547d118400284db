import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What the work folder keeps about the trees it holds: the record of the last build (what is
/// in the output folder) and the staging keys (which pages the staging tree holds).
extension OutputFolder {
    // MARK: - The record of the last build

    private var recordFile: String { work + "/last-build" }

    /// The record of the last successful build into this folder, if it is there and readable.
    func readRecord() -> BuildRecord? {
        (try? String(contentsOfFile: recordFile, encoding: .utf8)).flatMap(BuildRecord.init(text:))
    }

    /// Keeps the record of the build that was just swapped in; when it cannot be written, the
    /// last one is forgotten too, since it no longer describes the output.
    func writeRecord(_ record: BuildRecord) {
        if !replaceFile(recordFile, with: record.text) { unlink(recordFile) }
    }

    // MARK: - Pages the staging tree holds

    private var stagingKeysFile: String { work + "/staging-keys" }
    private static let stagingKeysHeading = "handbook staging keys 1\n"

    /// The key each page file of the staging tree was made from (see `PageReuse`), for the
    /// files known to be as the build that made them left them. The list is deleted as it is
    /// read, before anything writes into the staging tree: a build killed while writing there
    /// leaves no list that is no longer true. A build that ends writes it again: after a swap
    /// from the last record, after a failure with the pages it wrote.
    func takeStagingKeys() -> [String: KeyDigest] {
        defer { unlink(stagingKeysFile) }
        let heading = Self.stagingKeysHeading
        guard let bytes = CacheFile.contents(of: stagingKeysFile), bytes.starts(with: heading.utf8) else { return [:] }
        var keys: [String: KeyDigest] = [:]
        let complete = bytes.withUnsafeBufferPointer { all in
            TabbedLines.forEach(UnsafeBufferPointer(rebasing: all[heading.utf8.count...])) { fields in
                guard fields.count == 2, let key = KeyDigest(hexBytes: fields[1]) else { return false }
                keys[TabbedLines.string(fields[0])] = key
                return true
            }
        }
        return complete ? keys : [:]
    }

    /// After a swap, the staging tree holds the site that `record` describes: keeps the keys of
    /// its page files that are still as that build left them (a reader may have edited the
    /// output folder since).
    func writeStagingKeys(from record: BuildRecord?) {
        guard let record else { return }
        var keys: [String: KeyDigest] = [:]
        for (path, file) in record.pageFiles where BuildRecord.state(of: staging + "/" + path) == file.state { keys[path] = file.key }
        writeStagingKeys(keys)
    }

    /// Keeps what made each page file of the staging tree, for the next build.
    func writeStagingKeys(_ keys: [String: KeyDigest]) {
        var text = Array(Self.stagingKeysHeading.utf8)
        for (path, key) in keys.sorted(by: { $0.key < $1.key }) {
            text += path.utf8
            text.append(9)
            key.appendHex(to: &text)
            text.append(10)
        }
        replaceFile(stagingKeysFile, with: String(decoding: text, as: UTF8.self))
    }
}
