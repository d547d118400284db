handbookSearchLoaded("terms/ne",{"nested":[14,50]});
