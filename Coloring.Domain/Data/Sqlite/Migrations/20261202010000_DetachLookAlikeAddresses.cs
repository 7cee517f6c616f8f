using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Coloring.Domain.Data.Sqlite.Migrations
{
    /// <summary>
    /// ADR 0007: accounts made through an address with characters outside ASCII (the look-alikes Identity's
    /// UpperInvariant keys joined to real addresses) get keys with only their ASCII letters upper-cased, so they can
    /// never be found by a real address again; they lose the Admin role and every session; their unused links go.
    /// The model does not change. SQLite's upper() folds ASCII letters only, exactly the new key.
    /// </summary>
    [DbContext(typeof(SqliteColoringDbContext))]
    [Migration("20261202010000_DetachLookAlikeAddresses")]
    public partial class DetachLookAlikeAddresses : Migration
    {
        private const string NotAscii = "(\"Email\" GLOB '*[^ -~]*' OR \"UserName\" GLOB '*[^ -~]*')";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"""
                DELETE FROM "AspNetUserRoles"
                WHERE "RoleId" IN (SELECT "Id" FROM "AspNetRoles" WHERE "NormalizedName" = 'ADMIN')
                  AND "UserId" IN (SELECT "Id" FROM "AspNetUsers" WHERE {NotAscii});
                """);
            migrationBuilder.Sql($"""
                UPDATE "AspNetUsers"
                SET "NormalizedEmail" = upper(trim("Email")),
                    "NormalizedUserName" = upper(trim("UserName")),
                    "SecurityStamp" = lower(hex(randomblob(16))),
                    "ConcurrencyStamp" = lower(hex(randomblob(16)))
                WHERE {NotAscii};
                """);
            migrationBuilder.Sql("""DELETE FROM "magic_link_tokens" WHERE "Email" GLOB '*[^ -~]*';""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Nothing to undo: the old keys were the flaw.
        }
    }
}
