package io.portcullis.environment;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * An environment's bill of materials as PingOne's clients write it: the products enabled and an
 * optional solution type. Portcullis stores and echoes it; it enables nothing (an environment always
 * has the OAuth 2.0 service, whatever the products say).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BillOfMaterials(
        @Pattern(regexp = SOLUTION_TYPES, message = "must be WORKFORCE or CUSTOMER") String solutionType,
        @NotNull @Size(max = 32) List<@NotNull @Valid Product> products) {

    /** PingOne's EnumProductType values. */
    static final String PRODUCT_TYPES = "PING_ONE_MFA|PING_ONE_DAVINCI|PING_ONE_ORCHESTRATE|PING_ONE_RISK|PING_ONE_FRAUD"
            + "|PING_ONE_PROVISIONING|PING_DATA_SYNC|PING_DATA_GOVERNANCE|PING_ONE_FOR_ENTERPRISE|PING_ID_SDK"
            + "|PING_ONE_FOR_SAAS|PING_ONE_VERIFY|PING_ONE_CREDENTIALS|PING_ONE_AUTHORIZE|PING_ONE_BASE|PING_FEDERATE"
            + "|PING_ACCESS|PING_DIRECTORY|PING_AUTHORIZE|PING_ID|PING_INTELLIGENCE|PING_CENTRAL";
    static final String SOLUTION_TYPES = "WORKFORCE|CUSTOMER";

    /** What an environment has until its bill of materials is set: PingOne's base product. */
    public static final BillOfMaterials DEFAULT = new BillOfMaterials(null, List.of(new Product(null, "PING_ONE_BASE", null, null, null)));

    /** One product; {@code id} is read-only (assigned by Portcullis). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Product(
            String id,
            @NotNull @Pattern(regexp = PRODUCT_TYPES, message = "must be a PingOne product type such as PING_ONE_BASE") String type,
            @Valid Console console,
            Deployment deployment,
            @Size(max = 5) List<@NotNull @Valid Bookmark> bookmarks) {}

    /** A custom console URL of a product. */
    public record Console(@NotBlank @Size(max = 1024) String href) {}

    /** A product deployment (read-only in PingOne; echoed, never created here). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Deployment(String id, String status) {}

    /** A custom bookmark of a product. */
    public record Bookmark(@NotBlank @Size(max = 256) String name, @NotBlank @Size(max = 1024) String href) {}
}
