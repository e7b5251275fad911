#ifndef BRINE_COPENSSL_SHIM_H
#define BRINE_COPENSSL_SHIM_H

/* Salt's token and auth signatures need the legacy RSA_private_encrypt /
 * RSA_public_decrypt calls with RSA_X931_PADDING, which OpenSSL 3 marks
 * deprecated; there is no EVP equivalent that signs the raw message. */
#define OPENSSL_SUPPRESS_DEPRECATED 1

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

/* EVP_RSA_gen is a macro over a variadic function, which Swift cannot import. */
static inline EVP_PKEY *brine_rsa_generate(int bits) {
    EVP_PKEY *pkey = NULL;
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_RSA, NULL);
    if (ctx == NULL) {
        return NULL;
    }
    if (EVP_PKEY_keygen_init(ctx) <= 0
        || EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, bits) <= 0
        || EVP_PKEY_keygen(ctx, &pkey) <= 0) {
        pkey = NULL;
    }
    EVP_PKEY_CTX_free(ctx);
    return pkey;
}

/* BIO_get_mem_data is a function-like macro. */
static inline long brine_bio_mem_data(BIO *bio, char **data) {
    return BIO_get_mem_data(bio, data);
}

/* OPENSSL_free is a function-like macro. */
static inline void brine_openssl_free(void *ptr) {
    OPENSSL_free(ptr);
}

#endif
