using Microsoft.Extensions.Options;

namespace ActorFrames.Mux.Batching;

/// <summary>Validates <see cref="RebatchOptions"/>.</summary>
internal sealed class RebatchOptionsValidator : IValidateOptions<RebatchOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, RebatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string>? failures = null;
        if (options.BatchSize < 1)
        {
            (failures ??= []).Add($"BatchSize is {options.BatchSize}; an output batch holds at least one row.");
        }

        if (!Enum.IsDefined(options.Mode))
        {
            (failures ??= []).Add($"Mode is {(int)options.Mode}; use Concatenate or Stack.");
        }

        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
