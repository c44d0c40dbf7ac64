package com.acme.imports;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

public class MapperConfig {
    public ObjectMapper polymorphicMapper() {
        ObjectMapper mapper = new ObjectMapper();
        // ruleid: insecure-deserialization
        mapper.enableDefaultTyping();
        return mapper;
    }

    public ObjectMapper plainMapper() {
        ObjectMapper mapper = new ObjectMapper();
        // ok: insecure-deserialization
        mapper.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        return mapper;
    }
}
