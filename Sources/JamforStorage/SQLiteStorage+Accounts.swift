public import Foundation
import GRDB
import JamforDomain

extension SQLiteStorage {
    /// Adds `account`; fails with ``StorageError/accountExists(_:)`` when the name is taken,
    /// revoked or not (a name is never reused, so old log lines keep meaning one principal).
    public func createAccount(_ account: Account) async throws(StorageError) {
        try await write { db in
            let taken = try Bool.fetchOne(
                db,
                sql: "SELECT EXISTS (SELECT 1 FROM accounts WHERE name = ?)",
                arguments: [account.name]
            )
            if taken == true { throw StorageError.accountExists(account.name) }
            try db.execute(
                sql: """
                    INSERT INTO accounts (name, role, municipality_code, token_hash, created_at, revoked_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    account.name, account.role.rawValue, account.municipality?.rawValue, Data(account.tokenHash),
                    SQLiteCoding.seconds(account.createdAt), account.revokedAt.map(SQLiteCoding.seconds),
                ]
            )
        }
    }

    /// The account named `name`, revoked or not.
    public func account(named name: String) async throws(StorageError) -> Account? {
        try await read { db in
            let row = try Row.fetchOne(db, sql: "\(Self.accountSelect) WHERE name = ?", arguments: [name])
            return try row.map { row throws(StorageError) in try Self.account(row) }
        }
    }

    /// All accounts, revoked ones included, by name.
    public func accounts() async throws(StorageError) -> [Account] {
        try await read { db in
            let rows = try Row.fetchCursor(db, sql: "\(Self.accountSelect) ORDER BY name")
            var accounts: [Account] = []
            while let row = try rows.next() { accounts.append(try Self.account(row)) }
            return accounts
        }
    }

    /// Revokes the token of the account named `name` at `time`; returns whether there is such an
    /// account. Revoking again keeps the first time, which is when the token stopped working.
    public func revokeAccount(named name: String, at time: Date) async throws(StorageError) -> Bool {
        try await write { db in
            try db.execute(
                sql: "UPDATE accounts SET revoked_at = coalesce(revoked_at, ?) WHERE name = ?",
                arguments: [SQLiteCoding.seconds(time), name]
            )
            return db.changesCount > 0
        }
    }

    private static let accountSelect =
        "SELECT name, role, municipality_code, token_hash, created_at, revoked_at FROM accounts"

    private static func account(_ row: Row) throws(StorageError) -> Account {
        let reader = RowReader(row: row, table: "accounts")
        let role: String = try reader.decode(1)
        guard let parsedRole = Role(rawValue: role) else { throw reader.corrupt(1, "unknown role \(role)") }
        let hash: Data = try reader.decode(3)
        return Account(
            name: try reader.decode(0),
            role: parsedRole,
            municipality: try reader.parseIfPresent(2, MunicipalityCode.init),
            tokenHash: Array(hash),
            createdAt: try reader.requiredDate(4),
            revokedAt: try reader.date(5)
        )
    }
}
