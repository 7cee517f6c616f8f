using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Coloring.Domain.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddCleanupRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "cleanup_runs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LeaseUntil = table.Column<long>(type: "INTEGER", nullable: false),
                    Machine = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    StartedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    StartedByEmail = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ExpiredAssets = table.Column<int>(type: "INTEGER", nullable: false),
                    OrphanFiles = table.Column<int>(type: "INTEGER", nullable: false),
                    ExpiredSignInLinks = table.Column<int>(type: "INTEGER", nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cleanup_runs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_cleanup_runs_AspNetUsers_StartedById",
                        column: x => x.StartedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "IX_cleanup_runs_one_running",
                table: "cleanup_runs",
                column: "Status",
                unique: true,
                filter: "\"Status\" = 'Running'");

            migrationBuilder.CreateIndex(
                name: "IX_cleanup_runs_StartedAt",
                table: "cleanup_runs",
                column: "StartedAt");

            migrationBuilder.CreateIndex(
                name: "IX_cleanup_runs_StartedById",
                table: "cleanup_runs",
                column: "StartedById");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "cleanup_runs");
        }
    }
}
