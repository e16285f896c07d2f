-- 005_product_dates.sql - a product's figures in date order.
--
-- GET /v1/tariffs?product= read every figure of the product to sort them by date (95 ms for a
-- common product in 100,000 trade stories with 360,000 figures); a product's figures are now a
-- range of (product, article_date, tariff_id), newest first, that the list reads a page off.
-- article_date is the figure's article date, copied as tariffs.article_date is (002: set in the
-- INSERT by db_annotations.c, by the trigger for any other writer, never changed after).

ALTER TABLE tariff_products ADD COLUMN article_date TEXT;
UPDATE tariff_products
    SET article_date = (SELECT article_date FROM tariffs WHERE id = tariff_products.tariff_id);
DROP INDEX tariff_products_product;
CREATE INDEX tariff_products_product_date ON tariff_products (product, article_date, tariff_id);

CREATE TRIGGER tariff_products_date_insert AFTER INSERT ON tariff_products
    WHEN new.article_date IS NULL
BEGIN
    UPDATE tariff_products
        SET article_date = (SELECT article_date FROM tariffs WHERE id = new.tariff_id)
        WHERE tariff_id = new.tariff_id AND position = new.position;
END;
