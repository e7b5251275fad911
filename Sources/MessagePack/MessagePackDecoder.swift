/// Why a buffer is not a msgpack value; `offset` points at the byte that made it so.
public struct MessagePackError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        case truncated
        case invalidByte(UInt8)
        case tooDeep
        case trailingBytes(Int)
        /// More values than the caller allows (`MessagePack.decode(_:maxValues:)`).
        case tooManyValues(Int)
    }

    public let reason: Reason
    public let offset: Int

    public var description: String {
        switch reason {
        case .truncated: return "malformed msgpack: truncated at byte \(offset)"
        case .invalidByte(let byte): return "malformed msgpack: invalid type byte 0x\(String(byte, radix: 16)) at byte \(offset)"
        case .tooDeep: return "malformed msgpack: nested deeper than \(MessagePack.maxDepth) levels at byte \(offset)"
        case .trailingBytes(let count): return "malformed msgpack: \(count) trailing bytes after the value at byte \(offset)"
        case .tooManyValues(let limit): return "msgpack with more than \(limit) values, the most this message may hold, at byte \(offset)"
        }
    }
}

extension MessagePack {
    /// Nesting bound: protects the stack from hostile input (Salt's payloads nest a handful of levels).
    public static let maxDepth = 512

    /// Decodes exactly one value occupying all of `bytes`.
    ///
    /// Each value costs `MemoryLayout<MessagePackValue>.stride` (16 bytes) however few bytes encode it,
    /// so a frame of one-byte nils decodes to 16 times its size. `maxValues` bounds that for messages
    /// whose shape is known to be small (an envelope is a handful of scalars): decoding stops at the
    /// first value past the limit, having built at most that many.
    public static func decode(_ bytes: [UInt8], maxValues: Int = .max) throws(MessagePackError) -> MessagePackValue {
        try bytes.withUnsafeBufferPointer { buffer throws(MessagePackError) in try decode(buffer, maxValues: maxValues) }
    }

    /// Decodes exactly one value occupying all of `buffer`, in place: a database row's bytes need not
    /// be copied into an array first (the job listing decodes three columns of every job).
    public static func decode(_ buffer: UnsafeBufferPointer<UInt8>, maxValues: Int = .max) throws(MessagePackError) -> MessagePackValue {
        var reader = Reader(buffer: buffer, maxValues: maxValues)
        let value = try reader.value(depth: 0)
        guard reader.offset == buffer.count else {
            throw MessagePackError(reason: .trailingBytes(buffer.count - reader.offset), offset: reader.offset)
        }
        return value
    }

    /// Decodes a concatenated stream of values (Salt's event bus sends maps back to back).
    /// Returns the values read and how many bytes they used; an incomplete tail is left for the next read.
    public static func decodeStream(_ bytes: [UInt8]) throws(MessagePackError) -> (values: [MessagePackValue], consumed: Int) {
        try bytes.withUnsafeBufferPointer { buffer throws(MessagePackError) in
            var reader = Reader(buffer: buffer)
            var values: [MessagePackValue] = []
            while reader.offset < buffer.count {
                let start = reader.offset
                do throws(MessagePackError) {
                    values.append(try reader.value(depth: 0))
                } catch {
                    if error.reason == .truncated { return (values, start) }
                    throw error
                }
            }
            return (values, reader.offset)
        }
    }
}

private struct Reader {
    let buffer: UnsafeBufferPointer<UInt8>
    var offset = 0
    let maxValues: Int
    private var valuesLeft: Int

    init(buffer: UnsafeBufferPointer<UInt8>, maxValues: Int = .max) {
        self.buffer = buffer
        self.maxValues = maxValues
        valuesLeft = maxValues
    }

    /// Containers are allocated a little at a time: a header may claim millions of elements that the
    /// bytes after it do not hold (or hold as garbage), and nothing is reserved for those up front.
    static let initialCapacity = 1024

    mutating func value(depth: Int) throws(MessagePackError) -> MessagePackValue {
        guard depth < MessagePack.maxDepth else { throw MessagePackError(reason: .tooDeep, offset: offset) }
        guard valuesLeft > 0 else { throw MessagePackError(reason: .tooManyValues(maxValues), offset: offset) }
        valuesLeft -= 1
        let start = offset
        let byte = try take()
        switch byte {
        case 0x00...0x7f: return .int(Int64(byte))
        case 0x80...0x8f: return try map(count: Int(byte & 0x0f), depth: depth)
        case 0x90...0x9f: return try array(count: Int(byte & 0x0f), depth: depth)
        case 0xa0...0xbf: return .string(try bytes(Int(byte & 0x1f)))
        case 0xc0: return .nil
        case 0xc2: return .bool(false)
        case 0xc3: return .bool(true)
        case 0xc4: return .binary(try bytes(Int(try integer(UInt8.self))))
        case 0xc5: return .binary(try bytes(Int(try integer(UInt16.self))))
        case 0xc6: return .binary(try bytes(Int(try integer(UInt32.self))))
        case 0xc7: return try ext(length: Int(try integer(UInt8.self)))
        case 0xc8: return try ext(length: Int(try integer(UInt16.self)))
        case 0xc9: return try ext(length: Int(try integer(UInt32.self)))
        case 0xca: return .float(Float(bitPattern: try integer(UInt32.self)))
        case 0xcb: return .double(Double(bitPattern: try integer(UInt64.self)))
        case 0xcc: return .int(Int64(try integer(UInt8.self)))
        case 0xcd: return .int(Int64(try integer(UInt16.self)))
        case 0xce: return .int(Int64(try integer(UInt32.self)))
        case 0xcf:
            let number = try integer(UInt64.self)
            return number <= UInt64(Int64.max) ? .int(Int64(number)) : .uint(number)
        case 0xd0: return .int(Int64(Int8(bitPattern: try integer(UInt8.self))))
        case 0xd1: return .int(Int64(Int16(bitPattern: try integer(UInt16.self))))
        case 0xd2: return .int(Int64(Int32(bitPattern: try integer(UInt32.self))))
        case 0xd3: return .int(Int64(bitPattern: try integer(UInt64.self)))
        case 0xd4: return try ext(length: 1)
        case 0xd5: return try ext(length: 2)
        case 0xd6: return try ext(length: 4)
        case 0xd7: return try ext(length: 8)
        case 0xd8: return try ext(length: 16)
        case 0xd9: return .string(try bytes(Int(try integer(UInt8.self))))
        case 0xda: return .string(try bytes(Int(try integer(UInt16.self))))
        case 0xdb: return .string(try bytes(Int(try integer(UInt32.self))))
        case 0xdc: return try array(count: Int(try integer(UInt16.self)), depth: depth)
        case 0xdd: return try array(count: Int(try integer(UInt32.self)), depth: depth)
        case 0xde: return try map(count: Int(try integer(UInt16.self)), depth: depth)
        case 0xdf: return try map(count: Int(try integer(UInt32.self)), depth: depth)
        case 0xe0...0xff: return .int(Int64(Int8(bitPattern: byte)))
        default: throw MessagePackError(reason: .invalidByte(byte), offset: start)
        }
    }

    private mutating func take() throws(MessagePackError) -> UInt8 {
        guard offset < buffer.count else { throw MessagePackError(reason: .truncated, offset: offset) }
        defer { offset += 1 }
        return buffer[offset]
    }

    private mutating func integer<T: FixedWidthInteger>(_: T.Type) throws(MessagePackError) -> T {
        let size = MemoryLayout<T>.size
        guard buffer.count - offset >= size else { throw MessagePackError(reason: .truncated, offset: offset) }
        var number: T = 0
        for index in offset..<(offset + size) {
            number = number << 8 | T(buffer[index])
        }
        offset += size
        return number
    }

    private mutating func bytes(_ count: Int) throws(MessagePackError) -> [UInt8] {
        guard buffer.count - offset >= count else { throw MessagePackError(reason: .truncated, offset: offset) }
        defer { offset += count }
        return Array(UnsafeBufferPointer(rebasing: buffer[offset..<(offset + count)]))
    }

    /// Every element takes at least one byte, so a count larger than what is left is a lie:
    /// refusing it early keeps a 5-byte header from reserving gigabytes.
    private func checkCount(_ count: Int, bytesPerElement: Int) throws(MessagePackError) {
        guard count <= (buffer.count - offset) / bytesPerElement else {
            throw MessagePackError(reason: .truncated, offset: offset)
        }
        guard count <= valuesLeft / bytesPerElement else {
            throw MessagePackError(reason: .tooManyValues(maxValues), offset: offset)
        }
    }

    private mutating func array(count: Int, depth: Int) throws(MessagePackError) -> MessagePackValue {
        try checkCount(count, bytesPerElement: 1)
        var values: [MessagePackValue] = []
        values.reserveCapacity(min(count, Self.initialCapacity))
        for _ in 0..<count { values.append(try value(depth: depth + 1)) }
        return .array(values)
    }

    private mutating func map(count: Int, depth: Int) throws(MessagePackError) -> MessagePackValue {
        try checkCount(count, bytesPerElement: 2)
        var pairs: [MessagePackPair] = []
        pairs.reserveCapacity(min(count, Self.initialCapacity))
        for _ in 0..<count {
            let key = try value(depth: depth + 1)
            pairs.append(MessagePackPair(key, try value(depth: depth + 1)))
        }
        return .map(pairs)
    }

    private mutating func ext(length: Int) throws(MessagePackError) -> MessagePackValue {
        let type = Int8(bitPattern: try take())
        return .ext(type, try bytes(length))
    }
}
