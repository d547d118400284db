handbookSearchLoaded("terms/ld",{"ld":[11,3]});
