import Foundation

/// Titles in natural order: case-insensitive, with runs of digits compared as numbers,
/// so "Step 10" follows "Step 9".
public func naturallyPrecedes(_ a: String, _ b: String) -> Bool {
    let order = a.compare(b, options: [.caseInsensitive, .numeric])
    if order == .orderedSame { return a < b }
    return order == .orderedAscending
}
