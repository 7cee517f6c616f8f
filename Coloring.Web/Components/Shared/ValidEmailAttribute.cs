using System.ComponentModel.DataAnnotations;
using Coloring.Domain.Accounts;

namespace Coloring.Web.Components.Shared;

/// <summary>Form validation with the same rule the domain uses.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ValidEmailAttribute() : ValidationAttribute("Enter a valid e-mail address, such as name@example.com.")
{
    public override bool IsValid(object? value) => value is null or "" || EmailAddress.IsValid(value as string);
}
