/// A pillar file that rendered but is not what it must be.
struct PillarFileError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
