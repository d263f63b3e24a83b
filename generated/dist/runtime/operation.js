/** ajv's issues -> ours: one per broken rule, with the JSON pointer of the offending value. */
export function validationIssues(errors) {
    const issues = [];
    const branchPoints = new Set(errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => e.instancePath));
    // Under a oneOf, "must be string" from the branch the value plainly is not is noise when
    // another branch says what is really wrong deeper down (e.g. a Weight of 101).
    const explainedDeeper = (path) => errors.some((e) => e.instancePath.startsWith(`${path}/`) || (e.instancePath === path && e.keyword !== 'type' && e.keyword !== 'oneOf' && e.keyword !== 'anyOf'));
    for (const error of errors) {
        if (error.keyword === 'type' && branchPoints.has(error.instancePath) && explainedDeeper(error.instancePath))
            continue;
        // A oneOf/anyOf failure is explained by its branches' issues, listed as well.
        if (error.keyword === 'oneOf' || error.keyword === 'anyOf')
            continue;
        let path = error.instancePath;
        let message = error.message ?? error.keyword;
        if (error.keyword === 'required') {
            path = `${path}/${String(error.params.missingProperty)}`;
            message = 'is required';
        }
        else if (error.keyword === 'additionalProperties') {
            path = `${path}/${String(error.params.additionalProperty)}`;
            message = 'is not a known parameter or property';
        }
        else if (error.keyword === 'enum' && Array.isArray(error.params.allowedValues)) {
            message = `must be one of ${error.params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
        }
        if (!issues.some((i) => i.path === path && i.message === message))
            issues.push({ path, message, keyword: error.keyword });
    }
    return issues;
}
