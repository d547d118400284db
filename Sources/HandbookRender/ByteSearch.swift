#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension String {
    /// Replaces the first occurrence of `needle`, searching bytes: Foundation's
    /// `replacingOccurrences` bridges through NSString and was a tenth of a 10k-page build.
    func replacingFirst(_ needle: String, with replacement: String) -> String {
        var haystack = self
        var target = needle
        let offset: Int? = haystack.withUTF8 { hay in
            target.withUTF8 { pin in
                guard let base = hay.baseAddress, let pinBase = pin.baseAddress, !pin.isEmpty, pin.count <= hay.count
                else { return nil }
                // memchr finds each candidate first byte; memcmp checks the rest.
                let first = Int32(pin[0])
                var index = 0
                let last = hay.count - pin.count
                while index <= last, let found = memchr(base + index, first, last - index + 1) {
                    index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    if memcmp(base + index, pinBase, pin.count) == 0 { return index }
                    index += 1
                }
                return nil
            }
        }
        guard let offset else { return self }
        // One allocation: the bytes before, the replacement, the bytes after.
        var insert = replacement
        let skip = target.utf8.count
        return haystack.withUTF8 { hay in
            insert.withUTF8 { new in
                String(unsafeUninitializedCapacity: hay.count - skip + new.count) { out in
                    var end = out.baseAddress!
                    end.update(from: hay.baseAddress!, count: offset)
                    end += offset
                    if let newBase = new.baseAddress { end.update(from: newBase, count: new.count) }
                    end += new.count
                    end.update(from: hay.baseAddress! + offset + skip, count: hay.count - offset - skip)
                    return hay.count - skip + new.count
                }
            }
        }
    }
}
