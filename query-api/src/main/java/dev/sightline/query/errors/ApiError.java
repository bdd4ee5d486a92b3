package dev.sightline.query.errors;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The body of every error the API answers: what went wrong and, for a bad parameter, which one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, String parameter) {
}
