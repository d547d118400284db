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
                let first = pin[0]
                var index = 0
                let last = hay.count - pin.count
                while index <= last {
                    if hay[index] == first, memcmp(base + index, pinBase, pin.count) == 0 { return index }
                    index += 1
                }
                return nil
            }
        }
        guard let offset else { return self }
        let utf8 = haystack.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: offset)
        let end = utf8.index(start, offsetBy: needle.utf8.count)
        return String(haystack[..<start]) + replacement + String(haystack[end...])
    }
}
