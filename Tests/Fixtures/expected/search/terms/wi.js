handbookSearchLoaded("terms/wi",{"without":[14,4]});
