package dev.converge.portal.rag;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A RAG model ({@code ragmodels.converge.dev/v1alpha1}): a base model answering with the chunks retrieved from a
 * team's documents. The CRD in {@code helm/converge-portal/crds/} is generated from this class at build time
 * (crd-generator-maven-plugin); the reconciler runs one runtime Deployment and Service per RagModel. KAITO's
 * {@code RAGEngine} already takes the short name {@code rag}, hence {@code ragm}.
 */
@Group(RagModel.GROUP)
@Version(RagModel.VERSION)
@Kind(RagModel.KIND)
@Plural(RagModel.PLURAL)
@Singular("ragmodel")
@ShortNames("ragm")
@Categories("converge")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = Type.STRING)
@AdditionalPrinterColumn(name = "Base model", jsonPath = ".status.baseModel", type = Type.STRING)
@AdditionalPrinterColumn(name = "Documents", jsonPath = ".status.indexedDocuments", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Chunks", jsonPath = ".status.chunks", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Endpoint", jsonPath = ".status.endpoint", type = Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
public class RagModel extends CustomResource<RagModelSpec, RagModelStatus> implements Namespaced {

    public static final String GROUP = "converge.dev";
    public static final String VERSION = "v1alpha1";
    public static final String KIND = "RagModel";
    public static final String PLURAL = "ragmodels";
    public static final String CRD_NAME = PLURAL + "." + GROUP;
    public static final String API_VERSION = GROUP + "/" + VERSION;
    /** The label naming the RAG model on its runtime's Deployment and pods (the cost feature groups by it). */
    public static final String MODEL_LABEL = "converge.dev/rag-model";
}
