#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The work folder's lists (`last-build`, `staging-keys`): a line per file, fields separated by
/// tabs, read on bytes. Ten thousand lines split as strings took a sixth of a build that had
/// little else to do.
enum TabbedLines {
    /// Calls `body` with the fields of each non-empty line of `bytes`, in order; stops and
    /// returns false as soon as `body` does.
    static func forEach(_ bytes: UnsafeBufferPointer<UInt8>, _ body: ([UnsafeBufferPointer<UInt8>]) -> Bool) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        var start = 0
        var fields: [UnsafeBufferPointer<UInt8>] = []
        while start < bytes.count {
            let end =
                memchr(base + start, 10, bytes.count - start).map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) }
                ?? bytes.count
            if end > start {
                fields.removeAll(keepingCapacity: true)
                var fieldStart = start
                while let tab = memchr(base + fieldStart, 9, end - fieldStart) {
                    let position = base.distance(to: tab.assumingMemoryBound(to: UInt8.self))
                    fields.append(UnsafeBufferPointer(rebasing: bytes[fieldStart..<position]))
                    fieldStart = position + 1
                }
                fields.append(UnsafeBufferPointer(rebasing: bytes[fieldStart..<end]))
                guard body(fields) else { return false }
            }
            start = end + 1
        }
        return true
    }

    /// Where the first line that starts with `prefix` starts in `bytes`.
    static func lineStart(of prefix: [UInt8], in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        var start = 0
        while start < bytes.count {
            if bytes.count - start >= prefix.count, memcmp(base + start, prefix, prefix.count) == 0 { return start }
            guard let newline = memchr(base + start, 10, bytes.count - start) else { return nil }
            start = base.distance(to: newline.assumingMemoryBound(to: UInt8.self)) + 1
        }
        return nil
    }

    /// A field as a string.
    static func string(_ field: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: field, as: UTF8.self)
    }
}

extension KeyDigest {
    /// Reads 32 lower-case hex digits (`hex`) from bytes; nil for anything else.
    init?(hexBytes bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count == 32 else { return nil }
        var words: [UInt64] = [0, 0]
        for (index, byte) in bytes.enumerated() {
            let digit: UInt8
            switch byte {
            case 48...57: digit = byte - 48
            case 97...102: digit = byte - 87
            default: return nil
            }
            words[index / 16] = words[index / 16] << 4 | UInt64(digit)
        }
        self.init(high: words[0], low: words[1])
    }
}
