import Foundation

/// Titles in natural order: case-insensitive, with runs of digits compared as numbers,
/// so "Step 10" follows "Step 9"; titles equal in that order fall back to plain order.
///
/// This is Foundation's `compare(_:options: [.caseInsensitive, .numeric])`, which sorts every
/// section on every build: for ASCII titles (nearly all) it is done here on bytes, many times
/// faster; other titles go to Foundation. `NaturalOrderTests` holds the two to the same answers.
public func naturallyPrecedes(_ a: String, _ b: String) -> Bool {
    let order = NaturalOrder.compare(a, b)
    if order == .orderedSame { return a < b }
    return order == .orderedAscending
}

/// The comparison behind `naturallyPrecedes`.
public enum NaturalOrder {
    /// Compares two titles case-insensitively with digit runs as numbers.
    public static func compare(_ a: String, _ b: String) -> ComparisonResult {
        var a = a, b = b
        let ascii = a.withUTF8 { x in b.withUTF8 { y in compareASCII(x, y) } }
        return ascii ?? a.compare(b, options: [.caseInsensitive, .numeric])
    }

    /// The order of two ASCII strings, or nil when either is not ASCII.
    static func compareASCII(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> ComparisonResult? {
        var i = 0, j = 0
        while i < a.count, j < b.count {
            let x = a[i], y = b[j]
            guard x < 0x80, y < 0x80 else { return nil }
            if isDigit(x), isDigit(y) {
                // Both at a run of digits: compare the numbers, leading zeros aside.
                var endA = i, endB = j
                while endA < a.count, isDigit(a[endA]) { endA += 1 }
                while endB < b.count, isDigit(b[endB]) { endB += 1 }
                var startA = i, startB = j
                while startA < endA - 1, a[startA] == 0x30 { startA += 1 }
                while startB < endB - 1, b[startB] == 0x30 { startB += 1 }
                let lengthA = endA - startA, lengthB = endB - startB
                if lengthA != lengthB { return lengthA < lengthB ? .orderedAscending : .orderedDescending }
                for k in 0..<lengthA where a[startA + k] != b[startB + k] {
                    return a[startA + k] < b[startB + k] ? .orderedAscending : .orderedDescending
                }
                i = endA
                j = endB
                continue
            }
            let foldedX = lower(x), foldedY = lower(y)
            if foldedX != foldedY { return foldedX < foldedY ? .orderedAscending : .orderedDescending }
            i += 1
            j += 1
        }
        // What is left must be ASCII too for the answer to be ours.
        guard a[i...].allSatisfy({ $0 < 0x80 }), b[j...].allSatisfy({ $0 < 0x80 }) else { return nil }
        if i < a.count { return .orderedDescending }
        if j < b.count { return .orderedAscending }
        return .orderedSame
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private static func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte }
}
