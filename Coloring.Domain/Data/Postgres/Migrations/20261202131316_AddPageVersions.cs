using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Coloring.Domain.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AddPageVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "PageVersion",
                table: "jobs",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<Guid>(
                name: "UneditedPageAssetId",
                table: "jobs",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "UneditedPreviewAssetId",
                table: "jobs",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "UneditedSvgAssetId",
                table: "jobs",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_jobs_UneditedPageAssetId",
                table: "jobs",
                column: "UneditedPageAssetId");

            migrationBuilder.CreateIndex(
                name: "IX_jobs_UneditedPreviewAssetId",
                table: "jobs",
                column: "UneditedPreviewAssetId");

            migrationBuilder.CreateIndex(
                name: "IX_jobs_UneditedSvgAssetId",
                table: "jobs",
                column: "UneditedSvgAssetId");

            migrationBuilder.AddForeignKey(
                name: "FK_jobs_assets_UneditedPageAssetId",
                table: "jobs",
                column: "UneditedPageAssetId",
                principalTable: "assets",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);

            migrationBuilder.AddForeignKey(
                name: "FK_jobs_assets_UneditedPreviewAssetId",
                table: "jobs",
                column: "UneditedPreviewAssetId",
                principalTable: "assets",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);

            migrationBuilder.AddForeignKey(
                name: "FK_jobs_assets_UneditedSvgAssetId",
                table: "jobs",
                column: "UneditedSvgAssetId",
                principalTable: "assets",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_jobs_assets_UneditedPageAssetId",
                table: "jobs");

            migrationBuilder.DropForeignKey(
                name: "FK_jobs_assets_UneditedPreviewAssetId",
                table: "jobs");

            migrationBuilder.DropForeignKey(
                name: "FK_jobs_assets_UneditedSvgAssetId",
                table: "jobs");

            migrationBuilder.DropIndex(
                name: "IX_jobs_UneditedPageAssetId",
                table: "jobs");

            migrationBuilder.DropIndex(
                name: "IX_jobs_UneditedPreviewAssetId",
                table: "jobs");

            migrationBuilder.DropIndex(
                name: "IX_jobs_UneditedSvgAssetId",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "PageVersion",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "UneditedPageAssetId",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "UneditedPreviewAssetId",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "UneditedSvgAssetId",
                table: "jobs");
        }
    }
}
