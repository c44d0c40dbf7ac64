import java.beans.XMLDecoder;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.impl.LaissezFaireSubTypeValidator;
import com.thoughtworks.xstream.XStream;

public class DeserializationCases {
    Object java(InputStream in) throws Exception {
        // ruleid: java-object-deserialization
        ObjectInputStream plain = new ObjectInputStream(in);
        // ruleid: java-object-deserialization
        new XMLDecoder(in).readObject();
        // ok: java-object-deserialization
        ObjectInputStream filtered = new ObjectInputStream(in);
        filtered.setObjectInputFilter(ObjectInputFilter.Config.createFilter("com.acme.*;!*"));
        // ok: java-object-deserialization
        ObjectInputStream checked = new ObjectInputStream(in) {
            @Override
            protected Class<?> resolveClass(java.io.ObjectStreamClass desc) throws java.io.IOException, ClassNotFoundException {
                if (!desc.getName().startsWith("com.acme.")) {
                    throw new java.io.InvalidClassException(desc.getName());
                }
                return super.resolveClass(desc);
            }
        };
        // ok: java-object-deserialization
        new org.apache.commons.io.serialization.ValidatingObjectInputStream(in).accept(Order.class);
        // ruleid: java-object-deserialization
        return new ObjectInputStream(in).readObject();
    }

    Object xstream(String xml) {
        XStream open = new XStream();
        // ruleid: java-xstream-unrestricted
        open.fromXML(xml);
        XStream restricted = new XStream();
        restricted.allowTypes(new Class[] {Order.class});
        // ok: java-xstream-unrestricted
        restricted.fromXML(xml);
        XStream wildcard = new XStream();
        wildcard.allowTypesByWildcard(new String[] {"com.acme.**"});
        // ok: java-xstream-unrestricted
        wildcard.fromXML(xml);
        XStream none = new XStream();
        none.addPermission(com.thoughtworks.xstream.security.NoTypePermission.NONE);
        // ok: java-xstream-unrestricted
        none.fromXML(xml);
        // ruleid: java-xstream-unrestricted
        return open.fromXML(xml.trim());
    }

    Object fromReader(java.io.Reader reader) {
        XStream xstream = new XStream(new com.thoughtworks.xstream.io.xml.StaxDriver());
        // ruleid: java-xstream-unrestricted
        return xstream.fromXML(reader);
    }

    void jackson(ObjectMapper mapper) {
        // ruleid: java-jackson-default-typing
        mapper.enableDefaultTyping();
        // ruleid: java-jackson-default-typing
        mapper.activateDefaultTyping(LaissezFaireSubTypeValidator.instance);
        // ok: java-jackson-default-typing
        mapper.findAndRegisterModules();
        // ok: java-jackson-default-typing
        mapper.activateDefaultTyping(com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator.builder().allowIfSubType("com.acme.").build());
    }

    // ruleid: java-jackson-default-typing
    @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS)
    static class Polymorphic {
    }

    // ok: java-jackson-default-typing
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
    static class Named {
    }

    static class Order {
    }
}
