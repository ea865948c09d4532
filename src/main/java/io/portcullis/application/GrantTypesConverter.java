package io.portcullis.application;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** Stores a set of grant types as a comma-separated column. */
@Converter
public class GrantTypesConverter implements AttributeConverter<Set<GrantType>, String> {

    @Override
    public String convertToDatabaseColumn(Set<GrantType> types) {
        return types.stream().map(Enum::name).sorted().collect(Collectors.joining(","));
    }

    @Override
    public Set<GrantType> convertToEntityAttribute(String column) {
        EnumSet<GrantType> types = EnumSet.noneOf(GrantType.class);
        if (column != null && !column.isBlank()) {
            Arrays.stream(column.split(",")).map(GrantType::valueOf).forEach(types::add);
        }
        return types;
    }
}
